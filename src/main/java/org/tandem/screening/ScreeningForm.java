package org.tandem.screening;

import java.util.List;

/**
 * An instrument ready to show to a patient: its wording in one language (Spanish where the questionnaire carries a
 * translation, else English) joined with its bound scoring rules.
 *
 * @param stem the instruction shown before the items ("Over the last 2 weeks, ..."), or null
 */
public record ScreeningForm(String instrumentId, String title, String stem, List<FormItem> items) {

    public ScreeningForm {
        items = List.copyOf(items);
    }

    /**
     * One item on the form.
     *
     * @param number the item's number (PC-PTSD-5's trauma-exposure question is 0)
     * @param options for {@link Item.Type#CODING}: the answers in form order; empty for yes/no items (pages render
     *        Yes/No) and number items
     * @param enableWhen linkIds of yes/no items of which at least one must be answered yes for this item to be asked
     */
    public record FormItem(String linkId, int number, Item.Type type, String text, List<FormOption> options,
            List<String> enableWhen, boolean required) {

        public FormItem {
            options = List.copyOf(options);
            enableWhen = List.copyOf(enableWhen);
        }
    }

    /** One answer of a coded item: the code stored in the response and the text shown. */
    public record FormOption(String system, String code, String display) {
    }
}
