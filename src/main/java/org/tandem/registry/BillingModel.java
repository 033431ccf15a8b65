package org.tandem.registry;

/**
 * How the episode's care-management time is billed: psychiatric collaborative care (CoCM: 99492/99493/99494, G2214),
 * general behavioral health integration by the treating practitioner (99484), or care management by a
 * psychologist, LCSW, counselor or MFT (G0323).
 */
public enum BillingModel {
    COCM, GENERAL_BHI, BH_CARE_MANAGEMENT;

    public String code() {
        return Codes.of(this);
    }

    public static BillingModel of(String code) {
        return Codes.parse(BillingModel.class, code, "Billing model");
    }
}
