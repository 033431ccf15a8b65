package org.tandem.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.tandem.registry.RegistrySettings.BillingSetting;

/** The billing pages build message keys from codes and in Java; every such key exists in English and Spanish. */
class BillingMessagesTest {

    @Test
    void keysBuiltFromCodesExistInEnglishAndSpanish() throws IOException {
        List<String> keys = new ArrayList<>(List.of("registry.billing.rule.primary", "registry.billing.rule.addOn",
                "registry.billing.rule.month.any", "registry.billing.next", "registry.billing.nextUnit", "registry.billing.error.month",
                "registry.billing.error.range", "registry.billing.settings.error.setting", "registry.billing.settings.error.hours",
                "registry.billing.settings.saved"));
        for (BillingMonth.Reason reason : BillingMonth.Reason.values()) {
            keys.add("registry.billing.refusal." + reason.code());
        }
        for (BillingMonth.Why why : BillingMonth.Why.values()) {
            keys.add("registry.billing.notCounted." + why.code());
        }
        for (BillingRules.CocmMonth month : BillingRules.CocmMonth.values()) {
            keys.add("registry.billing.cocmMonth." + month.code());
            keys.add("registry.billing.rule.month." + month.code());
        }
        for (BillingRules.Biller biller : BillingRules.Biller.values()) {
            keys.add("registry.billing.biller." + biller.code());
        }
        for (int year : BillingRules.YEARS) {
            for (BillingSetting setting : BillingSetting.values()) {
                keys.add("registry.billing.setting." + setting.code());
                keys.add("registry.billing.settings.option." + setting.code());
                BillingRules.of(year, setting).orElseThrow().codes().forEach(rule -> keys.add("registry.billing.code." + rule.code()));
            }
        }
        for (String file : List.of("/messages.properties", "/messages_es.properties")) {
            Properties messages = new Properties();
            try (InputStream in = getClass().getResourceAsStream(file)) {
                messages.load(in);
            }
            assertThat(keys).as(file).allMatch(messages::containsKey);
        }
    }
}
