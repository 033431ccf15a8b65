package org.tandem.scheduling;

import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.tandem.scheduling.SimulationResult.Metric;

/**
 * Looks for better places for open-access slots (a one-step local search around the template).
 * <ol>
 * <li>Candidates: each open-access slot trades places with each counseling or brief block of the same BHC and the
 * same length (any day of their week), so the BHC's bookable minutes stay as they were. When admin time does not
 * take handoffs, the slot may also move into an admin block at least as long (at its start or a whole number of slot
 * lengths into it), the slot's old place becoming admin time. When admin time takes handoffs, such a move changes
 * nothing the model sees, so it is not tried.</li>
 * <li>Screening: every candidate is simulated with few replications against the unchanged template, both with the
 * same screening seed (derived from, but different from, the run's seed) so the comparison is paired; candidates are
 * ranked by the mean gain in the share of handoffs met; the best are kept greedily so that no two move the same
 * slot or take the place of the same block (three different changes, not one change three times).</li>
 * <li>Confirmation: the best {@value #CONFIRMED} candidates with a positive screening gain are simulated again with
 * the full replications and the run's own seed (fresh random numbers, so picking the luckiest candidate in screening
 * does not inflate the confirmed gain). A suggestion is made only when the 95% confidence interval of the gain lies
 * above zero.</li>
 * </ol>
 */
final class TemplateSearch {

    static final int CONFIRMED = 3;
    static final int SCREENING_REPLICATIONS = 10;

    private TemplateSearch() {
    }

    /** A candidate change: the slot, where it goes and what takes its place, and the changed week. */
    record Move(TemplateBlock slot, TemplateBlock target, int offset, List<TemplateBlock> blocks) {

        LocalTime toStart() {
            return target.start().plusMinutes(offset);
        }
    }

    static List<Move> moves(List<TemplateBlock> blocks, SimulationSettings settings) {
        List<TemplateBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparing((TemplateBlock b) -> b.clinician().toString()).thenComparingInt(TemplateModel::weekMinute));
        List<Move> moves = new ArrayList<>();
        for (TemplateBlock slot : sorted) {
            if (slot.kind() != BlockKind.OPEN_ACCESS) {
                continue;
            }
            for (TemplateBlock target : sorted) {
                if (target == slot || !target.clinician().equals(slot.clinician())) {
                    continue;
                }
                boolean bookable = target.kind() == BlockKind.COUNSELING || target.kind() == BlockKind.BRIEF;
                if (bookable && target.minutes() == slot.minutes()) {
                    moves.add(swap(sorted, slot, target));
                } else if (target.kind() == BlockKind.ADMIN && !settings.adminTakesHandoffs()) {
                    for (int offset = 0; offset + slot.minutes() <= target.minutes(); offset += slot.minutes()) {
                        if (TemplateModel.weekMinute(target) + offset + slot.minutes() <= 7 * TemplateModel.DAY) {
                            moves.add(intoAdmin(sorted, slot, target, offset));
                        }
                    }
                }
            }
        }
        return moves;
    }

    private static Move swap(List<TemplateBlock> blocks, TemplateBlock slot, TemplateBlock target) {
        List<TemplateBlock> changed = new ArrayList<>();
        for (TemplateBlock b : blocks) {
            if (b == slot) {
                changed.add(new TemplateBlock(b.id(), b.clinician(), target.day(), target.start(), b.minutes(), b.kind(), b.releaseMinutes()));
            } else if (b == target) {
                changed.add(new TemplateBlock(b.id(), b.clinician(), slot.day(), slot.start(), b.minutes(), b.kind(), b.releaseMinutes()));
            } else {
                changed.add(b);
            }
        }
        return new Move(slot, target, 0, changed);
    }

    private static Move intoAdmin(List<TemplateBlock> blocks, TemplateBlock slot, TemplateBlock admin, int offset) {
        List<TemplateBlock> changed = new ArrayList<>();
        for (TemplateBlock b : blocks) {
            if (b == slot) {
                changed.add(new TemplateBlock(id(slot, admin, offset, "old"), b.clinician(), b.day(), b.start(), b.minutes(),
                        BlockKind.ADMIN, null));
            } else if (b == admin) {
                if (offset > 0) {
                    changed.add(new TemplateBlock(id(slot, admin, offset, "before"), b.clinician(), b.day(), b.start(), offset,
                            BlockKind.ADMIN, null));
                }
                changed.add(new TemplateBlock(slot.id(), b.clinician(), b.day(), b.start().plusMinutes(offset), slot.minutes(),
                        BlockKind.OPEN_ACCESS, slot.releaseMinutes()));
                int after = b.minutes() - offset - slot.minutes();
                if (after > 0) {
                    changed.add(new TemplateBlock(id(slot, admin, offset, "after"), b.clinician(), b.day(),
                            b.start().plusMinutes(offset + slot.minutes()), after, BlockKind.ADMIN, null));
                }
            } else {
                changed.add(b);
            }
        }
        return new Move(slot, admin, offset, changed);
    }

    private static UUID id(TemplateBlock slot, TemplateBlock admin, int offset, String part) {
        return UUID.nameUUIDFromBytes((slot.id() + "/" + admin.id() + "/" + offset + "/" + part).getBytes(StandardCharsets.UTF_8));
    }

    /** Replications the search will run for a template with this many candidate moves (for progress). */
    static int planned(int moves, int screening, SimulationSettings settings) {
        return screening * (1 + moves) + Math.min(CONFIRMED, moves) * settings.replications();
    }

    /**
     * @param baseline the template's own full result with the settings (its replications pair with the candidates')
     */
    static List<Suggestion> suggest(Runner runner, List<TemplateBlock> blocks, List<Move> moves, double[][] perWeek,
            SimulationSettings settings, int screening, SimulationResult baseline) {
        if (moves.isEmpty()) {
            return List.of();
        }
        SimulationSettings screen = settings.withReplications(screening).withSeed(Randoms.mix(settings.seed() ^ Randoms.SCREENING));
        int tail = tailWeeks(settings);
        TemplateModel base = TemplateModel.of(blocks, settings.weeks(), tail);
        double[] before = column(runner.replicate(base, perWeek, screen), Metric.HANDOFFS_MET);
        double[] gains = new double[moves.size()];
        for (int m = 0; m < moves.size(); m++) {
            double[] after = column(runner.replicate(TemplateModel.of(moves.get(m).blocks(), settings.weeks(), tail), perWeek, screen),
                    Metric.HANDOFFS_MET);
            gains[m] = meanDifference(before, after);
        }
        List<Integer> ranked = new ArrayList<>();
        for (int m = 0; m < moves.size(); m++) {
            if (gains[m] > 0) {
                ranked.add(m);
            }
        }
        ranked.sort(Comparator.comparingDouble((Integer m) -> gains[m]).reversed().thenComparingInt(m -> m));
        List<Move> best = new ArrayList<>();
        java.util.Set<UUID> used = new java.util.HashSet<>();
        for (int m : ranked) {
            Move move = moves.get(m);
            if (best.size() < CONFIRMED && !used.contains(move.slot().id()) && !used.contains(move.target().id())) {
                best.add(move);
                used.add(move.slot().id());
                used.add(move.target().id());
            }
        }
        runner.skip((Math.min(CONFIRMED, moves.size()) - best.size()) * settings.replications());
        List<Suggestion> suggestions = new ArrayList<>();
        for (Move move : best) {
            SimulationResult after = runner.result(TemplateModel.of(move.blocks(), settings.weeks(), tail), perWeek, settings);
            TemplateComparison comparison = TemplateComparison.of(baseline, after);
            if (comparison.difference(Metric.HANDOFFS_MET).above(0)) {
                suggestions.add(new Suggestion(move.slot().clinician(), move.slot().minutes(), move.slot().day(), move.slot().start(),
                        move.target().day(), move.toStart(), move.target().kind(), move.blocks(), comparison));
            }
        }
        suggestions.sort(Comparator.comparingDouble((Suggestion s) -> s.improvement().mean()).reversed());
        return suggestions;
    }

    static int tailWeeks(SimulationSettings settings) {
        return (settings.returnVisitDays() + 1 + 6) / 7 + 1;
    }

    private static double[] column(double[][] replications, Metric metric) {
        double[] values = new double[replications.length];
        for (int r = 0; r < values.length; r++) {
            values[r] = replications[r][metric.ordinal()];
        }
        return values;
    }

    private static double meanDifference(double[] before, double[] after) {
        double sum = 0;
        int n = 0;
        for (int r = 0; r < before.length; r++) {
            if (!Double.isNaN(before[r]) && !Double.isNaN(after[r])) {
                sum += after[r] - before[r];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
