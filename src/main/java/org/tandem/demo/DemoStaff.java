package org.tandem.demo;

import java.util.List;
import org.tandem.platform.Role;

/** A demo account: sign-in e-mail, the name shown to colleagues and the one role it holds. */
record DemoStaff(String email, String displayName, Role role) {

    static final String PASSWORD = "tandem-demo";
    /** The behavioral health clinician, who closes the demo's older safety alerts. */
    static final String BHC_EMAIL = "bhc@riverside.example";
    static final String CARE_MANAGER_EMAIL = "cm@riverside.example";
    static final String CONSULTANT_EMAIL = "psych@riverside.example";

    /** Practice staff; the PCPs come first, in the order patients are assigned to them. */
    static final List<DemoStaff> PRACTICE = List.of(
            new DemoStaff("pcp@riverside.example", "Dr. Maria Alvarez", Role.PCP),
            new DemoStaff("dr.chen@riverside.example", "Dr. David Chen", Role.PCP),
            new DemoStaff("dr.okafor@riverside.example", "Dr. Ngozi Okafor", Role.PCP),
            new DemoStaff("bhc@riverside.example", "Jordan Reyes, LCSW", Role.BHC),
            new DemoStaff("bhc2@riverside.example", "Priya Shah, PsyD", Role.BHC),
            new DemoStaff("cm@riverside.example", "Aisha Thompson, RN", Role.CARE_MANAGER),
            new DemoStaff("psych@riverside.example", "Dr. Samuel Weiss", Role.PSYCHIATRIC_CONSULTANT),
            new DemoStaff("ma@riverside.example", "Tanya Brooks, CMA", Role.MEDICAL_ASSISTANT),
            new DemoStaff("frontdesk@riverside.example", "Luis Ortega", Role.FRONT_DESK),
            new DemoStaff("admin@riverside.example", "Karen Lindqvist", Role.PRACTICE_ADMIN));

    /** Staff of the support organization. */
    static final List<DemoStaff> SUPPORT = List.of(
            new DemoStaff("facilitator@support.example", "Rachel Nguyen", Role.FACILITATOR),
            new DemoStaff("lead@support.example", "Dr. Thomas Brennan", Role.COLLABORATIVE_LEAD));

    static List<DemoStaff> bhcs() {
        return PRACTICE.stream().filter(staff -> staff.role() == Role.BHC).toList();
    }

    static List<DemoStaff> pcps() {
        return PRACTICE.stream().filter(staff -> staff.role() == Role.PCP).toList();
    }
}
