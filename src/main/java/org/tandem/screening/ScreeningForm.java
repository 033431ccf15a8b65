package org.tandem.screening;

import java.util.List;

/** TEMPORARY compile placeholder, replaced by the screening-content branch before commit. */
public record ScreeningForm(String instrumentId, String title, String stem, List<FormItem> items) {
    public record FormItem(String linkId, int number, Item.Type type, String text, List<FormOption> options,
            List<String> enableWhen, boolean required) {
    }

    public record FormOption(String system, String code, String display) {
    }
}
