package org.tandem.scheduling;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.tandem.platform.Role;
import org.tandem.practice.StaffMember;

/**
 * The rules a template's week must follow, with the problems in words a practice admin understands.
 * <ul>
 * <li>Every block belongs to a staff member of the practice who holds the BHC role.</li>
 * <li>A block starts and ends within its day (00:00 to 24:00, whole minutes).</li>
 * <li>Its length fits its kind ({@link #LENGTHS}).</li>
 * <li>Blocks of one clinician do not overlap on a weekday (touching is fine: 9:00-9:50 and 9:50-10:40).</li>
 * <li>Only open-access slots have a release time: 0 (never released, always held for handoffs) to 240 minutes
 * before the start, 30 when left empty.</li>
 * </ul>
 */
final class TemplateRules {

    /** Shortest and longest block of a kind, in minutes. */
    record Length(int min, int max) {
    }

    /**
     * Tandem's bounds on block lengths. Issue 5 ("Schedule templates") gives as examples a counseling visit of 45-60
     * minutes and a brief visit of 15-30 minutes; these bounds are Tandem's, wider so that a practice can fit its own
     * pattern (30-minute follow-ups, 90-minute intakes, 10-minute check-ins), while still catching typing mistakes.
     */
    static final Map<BlockKind, Length> LENGTHS = new EnumMap<>(Map.of(
            BlockKind.COUNSELING, new Length(30, 90),
            BlockKind.BRIEF, new Length(10, 30),
            BlockKind.OPEN_ACCESS, new Length(15, 240),
            BlockKind.ADMIN, new Length(5, 480),
            BlockKind.HUDDLE, new Length(5, 60)));

    /** Minutes before its start an unused open-access slot is released for booking when the admin leaves it empty. */
    static final int DEFAULT_RELEASE_MINUTES = 30;
    /** The longest release lead time: four hours. */
    static final int MAX_RELEASE_MINUTES = 240;
    static final int DAY_MINUTES = 24 * 60;

    private TemplateRules() {
    }

    /**
     * Checks a whole week and returns it as template blocks (new ids, open access release defaulted), ordered by
     * clinician, day and start.
     *
     * @param staff the practice's staff by account id
     * @throws InvalidScheduleData with every problem found; nothing is returned then
     */
    static List<TemplateBlock> check(List<BlockInput> inputs, Map<UUID, StaffMember> staff) {
        Set<String> problems = new LinkedHashSet<>();
        List<TemplateBlock> blocks = new ArrayList<>();
        for (BlockInput input : inputs) {
            if (input == null) {
                continue;
            }
            String what = describe(input, staff);
            boolean complete = true;
            if (input.clinician() == null) {
                problems.add("Choose the behavioral health clinician of " + what);
                complete = false;
            } else {
                StaffMember member = staff.get(input.clinician());
                if (member == null) {
                    problems.add("The clinician of " + what + " is not a staff member of this practice");
                    complete = false;
                } else if (!member.roles().contains(Role.BHC)) {
                    problems.add(member.displayName() + " is not a behavioral health clinician (BHC) of this practice; "
                            + "only BHCs have blocks in a schedule template");
                    complete = false;
                }
            }
            if (input.day() == null) {
                problems.add("Choose the day of the week of " + what);
                complete = false;
            }
            if (input.kind() == null) {
                problems.add("Choose the kind of " + what);
                complete = false;
            }
            if (input.start() == null) {
                problems.add("Enter the start time of " + what);
                complete = false;
            } else if (input.start().getSecond() != 0 || input.start().getNano() != 0) {
                problems.add("Start times are whole minutes (" + what + ")");
                complete = false;
            }
            if (input.minutes() == null) {
                problems.add("Enter how many minutes " + what + " lasts");
                complete = false;
            } else if (input.kind() != null) {
                Length length = LENGTHS.get(input.kind());
                if (input.minutes() < length.min() || input.minutes() > length.max()) {
                    problems.add(capitalize(withArticle(kindName(input.kind()))) + " lasts " + length.min() + " to " + length.max() + " minutes; "
                            + what + " has " + input.minutes());
                    complete = false;
                }
            } else if (input.minutes() <= 0) {
                complete = false;
            }
            if (input.start() != null && input.minutes() != null && input.minutes() > 0
                    && minuteOfDay(input.start()) + input.minutes() > DAY_MINUTES) {
                problems.add(capitalize(what) + " ends after midnight; a block starts and ends within its day");
                complete = false;
            }
            Integer release = input.releaseMinutes();
            if (input.kind() == BlockKind.OPEN_ACCESS) {
                if (release == null) {
                    release = DEFAULT_RELEASE_MINUTES;
                } else if (release < 0 || release > MAX_RELEASE_MINUTES) {
                    problems.add("An open-access slot is released for booking 0 (never) to " + MAX_RELEASE_MINUTES
                            + " minutes before it starts; " + what + " has " + release);
                    complete = false;
                }
            } else if (release != null && input.kind() != null) {
                problems.add("Only open-access slots have a release time; leave it empty for " + what);
                complete = false;
            }
            if (complete) {
                blocks.add(new TemplateBlock(UUID.randomUUID(), input.clinician(), input.day(), input.start(), input.minutes(),
                        input.kind(), input.kind() == BlockKind.OPEN_ACCESS ? release : null));
            }
        }
        blocks.sort(ORDER);
        for (int i = 0; i < blocks.size(); i++) {
            TemplateBlock a = blocks.get(i);
            for (int j = i + 1; j < blocks.size(); j++) {
                TemplateBlock b = blocks.get(j);
                if (!b.clinician().equals(a.clinician()) || b.day() != a.day()) {
                    break;
                }
                if (minuteOfDay(b.start()) < minuteOfDay(a.start()) + a.minutes()) {
                    problems.add(staff.get(a.clinician()).displayName() + "'s blocks overlap on " + dayName(a.day()) + ": "
                            + span(a) + " " + kindName(a.kind()) + " and " + span(b) + " " + kindName(b.kind()));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidScheduleData(List.copyOf(problems));
        }
        return blocks;
    }

    static final Comparator<TemplateBlock> ORDER = Comparator.comparing((TemplateBlock b) -> b.clinician().toString())
            .thenComparing(TemplateBlock::day).thenComparing(TemplateBlock::start).thenComparing(TemplateBlock::minutes);

    static int minuteOfDay(LocalTime time) {
        return time.getHour() * 60 + time.getMinute();
    }

    /** "the counseling visit of Jordan Counselor on Tuesday at 09:00", leaving out what is missing. */
    static String describe(BlockInput input, Map<UUID, StaffMember> staff) {
        StringBuilder text = new StringBuilder("the ").append(input.kind() == null ? "block" : kindName(input.kind()));
        StaffMember member = input.clinician() == null ? null : staff.get(input.clinician());
        if (member != null) {
            text.append(" of ").append(member.displayName());
        }
        if (input.day() != null) {
            text.append(" on ").append(dayName(input.day()));
        }
        if (input.start() != null) {
            text.append(" at ").append(time(minuteOfDay(input.start())));
        }
        return text.toString();
    }

    static String kindName(BlockKind kind) {
        return switch (kind) {
            case COUNSELING -> "counseling visit";
            case BRIEF -> "brief visit";
            case OPEN_ACCESS -> "open-access slot";
            case ADMIN -> "admin time block";
            case HUDDLE -> "huddle";
        };
    }

    static String withArticle(String noun) {
        return ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    static String dayName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    static String span(TemplateBlock block) {
        int start = minuteOfDay(block.start());
        return time(start) + "-" + time(start + block.minutes());
    }

    static String time(int minuteOfDay) {
        return String.format(Locale.ROOT, "%02d:%02d", minuteOfDay / 60, minuteOfDay % 60);
    }

    private static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
