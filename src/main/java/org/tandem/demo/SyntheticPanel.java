package org.tandem.demo;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.UUID;
import org.tandem.patient.AdministrativeSex;

/**
 * Generates a reproducible synthetic primary-care panel: the same seed, size, date and time zone always give the same
 * patients, visits and conditions. Each patient draws from their own split of the seeded generator, so a patient's id,
 * demographics and problem list do not depend on the date the panel is generated on.
 */
final class SyntheticPanel {

    /** The practice's medical record number system. */
    static final String MRN_SYSTEM = "urn:oid:2.16.840.1.113883.3.9999.1";
    static final int MAX_SIZE = 100_000;
    static final int MAX_VISITS_PER_YEAR = 6;

    private static final int[][] AGE_BANDS = { { 0, 17, 20 }, { 18, 29, 13 }, { 30, 49, 26 }, { 50, 69, 27 },
            { 70, 79, 9 }, { 80, 90, 5 } };
    private static final double[] PROBLEM_LEVELS = { 0.10, 0.45, 0.38, 0.07 };
    private static final LocalTime OPENING = LocalTime.of(8, 0);
    private static final int SLOTS = 36;

    private final long seed;
    private final LocalDate today;
    private final ZoneId zone;
    private final int pcps;

    /**
     * @param today the last day of the two years of history (visits end the day before)
     * @param pcps how many PCPs patients are assigned to
     */
    SyntheticPanel(long seed, LocalDate today, ZoneId zone, int pcps) {
        if (pcps < 1) {
            throw new IllegalArgumentException("The panel needs at least one PCP");
        }
        this.seed = seed;
        this.today = today;
        this.zone = zone;
        this.pcps = pcps;
    }

    List<SyntheticPatient> patients(int size) {
        if (size < 0 || size > MAX_SIZE) {
            throw new IllegalArgumentException("A demo panel has 0 to " + MAX_SIZE + " patients, not " + size);
        }
        SplittableRandom master = new SplittableRandom(seed);
        List<SyntheticPatient> patients = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            patients.add(patient(i, master.split()));
        }
        return patients;
    }

    private SyntheticPatient patient(int index, SplittableRandom random) {
        UUID id = uuid(random);
        String mrn = String.format("RFM%06d", 100_000 + 4 * index + random.nextInt(4));
        AdministrativeSex sex = sex(random);
        int age = age(random);
        LocalDate birthDate = birthDate(random, age);
        boolean hispanic = random.nextDouble() < 0.25;
        String language = hispanic && random.nextDouble() < 0.6 ? "es" : "en";
        String family = NamePool.family(random, hispanic);
        if (hispanic && random.nextDouble() < 0.2) {
            family = family + " " + NamePool.family(random, true);
        }
        String given = NamePool.given(random, sex, hispanic);
        if (random.nextDouble() < 0.3) {
            String middle = NamePool.given(random, sex, hispanic);
            if (!middle.equals(given)) {
                given = given + " " + middle;
            }
        }
        int pcp = random.nextInt(pcps);
        List<SyntheticPatient.Condition> conditions = conditions(random, age, sex, birthDate);
        List<SyntheticPatient.Visit> visits = visits(random, birthDate, conditions);
        return new SyntheticPatient(id, mrn, family, given, birthDate, sex, language, pcp, visits, conditions);
    }

    private static AdministrativeSex sex(SplittableRandom random) {
        double draw = random.nextDouble();
        return draw < 0.52 ? AdministrativeSex.FEMALE
                : draw < 0.985 ? AdministrativeSex.MALE
                : draw < 0.995 ? AdministrativeSex.OTHER
                : AdministrativeSex.UNKNOWN;
    }

    private static int age(SplittableRandom random) {
        int draw = random.nextInt(100);
        for (int[] band : AGE_BANDS) {
            if (draw < band[2]) {
                return band[0] + random.nextInt(band[1] - band[0] + 1);
            }
            draw -= band[2];
        }
        throw new IllegalStateException("Age bands do not add up to 100");
    }

    private LocalDate birthDate(SplittableRandom random, int age) {
        LocalDate latest = age == 0 ? today.minusDays(14) : today.minusYears(age);
        LocalDate earliest = today.minusYears(age + 1L).plusDays(1);
        return latest.minusDays(random.nextLong(ChronoUnit.DAYS.between(earliest, latest) + 1));
    }

    private List<SyntheticPatient.Condition> conditions(SplittableRandom random, int age, AdministrativeSex sex,
            LocalDate birthDate) {
        List<SyntheticPatient.Condition> conditions = new ArrayList<>();
        boolean adult = age >= 18;
        boolean senior = age >= 65;
        if (adult && random.nextDouble() < (senior ? 0.60 : age >= 40 ? 0.33 : 0.08)) {
            conditions.add(condition(random, Diagnosis.ESSENTIAL_HYPERTENSION, birthDate, 25));
        }
        if (adult && random.nextDouble() < (senior ? 0.22 : age >= 40 ? 0.13 : 0.03)) {
            conditions.add(condition(random, Diagnosis.TYPE_2_DIABETES, birthDate, 25));
        }
        boolean depressed = false;
        if (age >= 12 && random.nextDouble() < bySex(sex, age < 18 ? 0.09 : senior ? 0.09 : 0.12,
                age < 18 ? 0.05 : senior ? 0.05 : 0.07)) {
            depressed = true;
            Diagnosis diagnosis = random.nextDouble() < 0.55 ? Diagnosis.MAJOR_DEPRESSIVE_DISORDER : Diagnosis.DEPRESSIVE_DISORDER;
            conditions.add(condition(random, diagnosis, birthDate, 12));
        }
        double anxiety = bySex(sex, age < 18 ? 0.05 : senior ? 0.05 : 0.09, age < 18 ? 0.03 : senior ? 0.03 : 0.05);
        if (age >= 12 && random.nextDouble() < (depressed ? anxiety * 3 : anxiety)) {
            conditions.add(condition(random, Diagnosis.GENERALIZED_ANXIETY_DISORDER, birthDate, 12));
        }
        if (adult && random.nextDouble() < bySex(sex, senior ? 0.01 : 0.03, senior ? 0.03 : 0.07)) {
            conditions.add(condition(random, Diagnosis.ALCOHOL_USE_DISORDER, birthDate, 18));
        }
        return List.copyOf(conditions);
    }

    private static double bySex(AdministrativeSex sex, double female, double male) {
        return switch (sex) {
            case FEMALE -> female;
            case MALE -> male;
            case OTHER, UNKNOWN -> (female + male) / 2;
        };
    }

    private SyntheticPatient.Condition condition(SplittableRandom random, Diagnosis diagnosis, LocalDate birthDate,
            int typicalOnsetAge) {
        LocalDate latest = today.minusDays(7);
        LocalDate earliest = birthDate.plusYears(typicalOnsetAge);
        if (earliest.isBefore(today.minusYears(15))) {
            earliest = today.minusYears(15);
        }
        if (earliest.isAfter(latest)) {
            earliest = birthDate.plusYears(Math.min(typicalOnsetAge, 12));
        }
        LocalDate onset = earliest.isAfter(latest) ? latest
                : earliest.plusDays(random.nextLong(ChronoUnit.DAYS.between(earliest, latest) + 1));
        return new SyntheticPatient.Condition(uuid(random).toString(), diagnosis, onset);
    }

    private List<SyntheticPatient.Visit> visits(SplittableRandom random, LocalDate birthDate,
            List<SyntheticPatient.Condition> conditions) {
        List<SyntheticPatient.Visit> visits = new ArrayList<>();
        boolean newToPractice = birthDate.isAfter(today.minusYears(2)) || random.nextDouble() < 0.10;
        for (int year = 0; year < 2; year++) {
            LocalDate from = today.minusYears(2L - year);
            LocalDate to = today.minusYears(1L - year);
            LocalDate first = birthDate.plusDays(3).isAfter(from) ? birthDate.plusDays(3) : from;
            if (!first.isBefore(to)) {
                continue;
            }
            int count = visitsInYear(random, Period.between(birthDate, to).getYears(), conditions, to);
            double lived = (double) ChronoUnit.DAYS.between(first, to) / ChronoUnit.DAYS.between(from, to);
            count = Math.max(1, (int) Math.round(count * lived));
            TreeSet<LocalDate> days = visitDays(random, first, to, count);
            if (days.isEmpty()) {
                continue;
            }
            int preventiveIndex = random.nextDouble() < preventiveChance(Period.between(birthDate, to).getYears())
                    ? random.nextInt(days.size()) : -1;
            int index = 0;
            for (LocalDate day : days) {
                int ageThen = Period.between(birthDate, day).getYears();
                boolean isNew = newToPractice && visits.isEmpty();
                boolean preventive = ageThen < 2 ? random.nextDouble() < 0.75 : index == preventiveIndex;
                VisitCode code = preventive ? VisitCode.preventive(isNew, ageThen)
                        : VisitCode.problem(isNew, level(random, conditions.size()));
                visits.add(visit(random, day, code));
                index++;
            }
        }
        return List.copyOf(visits);
    }

    private static int visitsInYear(SplittableRandom random, int age, List<SyntheticPatient.Condition> conditions,
            LocalDate yearEnd) {
        int count = age < 1 ? 5 + random.nextInt(2)
                : age < 3 ? 3 + random.nextInt(2)
                : age < 18 ? 1 + random.nextInt(2)
                : age < 40 ? 1 + random.nextInt(3)
                : age < 65 ? 2 + random.nextInt(3)
                : 3 + random.nextInt(4);
        boolean chronic = conditions.stream().anyMatch(c -> !c.diagnosis().behavioral() && c.onset().isBefore(yearEnd));
        boolean behavioral = conditions.stream().anyMatch(c -> c.diagnosis().behavioral() && c.onset().isBefore(yearEnd));
        count += (chronic ? 1 : 0) + (behavioral ? 1 : 0);
        return Math.min(count, MAX_VISITS_PER_YEAR);
    }

    private static double preventiveChance(int age) {
        return age < 18 ? 0.8 : age < 65 ? 0.5 : 0.65;
    }

    private static int level(SplittableRandom random, int conditions) {
        double draw = random.nextDouble();
        int level = 0;
        while (level < PROBLEM_LEVELS.length - 1 && draw >= PROBLEM_LEVELS[level]) {
            draw -= PROBLEM_LEVELS[level];
            level++;
        }
        return conditions >= 2 && level < 2 && random.nextDouble() < 0.5 ? level + 1 : level;
    }

    /** Distinct weekdays in [first, end); fewer than asked only when the range has too few weekdays. */
    private static TreeSet<LocalDate> visitDays(SplittableRandom random, LocalDate first, LocalDate end, int count) {
        TreeSet<LocalDate> days = new TreeSet<>();
        long span = ChronoUnit.DAYS.between(first, end);
        for (int attempt = 0; days.size() < count && attempt < count * 20; attempt++) {
            LocalDate day = first.plusDays(random.nextLong(span));
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY) {
                day = day.minusDays(1);
            } else if (day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                day = day.plusDays(1);
            }
            if (!day.isBefore(first) && day.isBefore(end)) {
                days.add(day);
            }
        }
        if (days.isEmpty()) {
            for (LocalDate day = first; day.isBefore(end) && days.isEmpty(); day = day.plusDays(1)) {
                if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    days.add(day);
                }
            }
        }
        return days;
    }

    private SyntheticPatient.Visit visit(SplittableRandom random, LocalDate day, VisitCode code) {
        LocalTime time = OPENING.plusMinutes(15L * random.nextInt(SLOTS));
        int minutes = Math.max(15, Math.min(40, code.typicalMinutes() + 5 * (random.nextInt(3) - 1)));
        Instant start = day.atTime(time).atZone(zone).toInstant();
        return new SyntheticPatient.Visit(uuid(random), code, start, start.plus(minutes, ChronoUnit.MINUTES));
    }

    /** A random (version 4) UUID drawn from the seeded generator. */
    static UUID uuid(SplittableRandom random) {
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(high, low);
    }
}
