package org.tandem.fhir;

import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.server.SimpleBundleProvider;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.tandem.patient.PatientPage;

/** Offset paging for FHIR searches: {@code _count} (default 50, at most 500) and {@code _offset}. */
record SearchPage(int offset, int size) {

    static final int DEFAULT_COUNT = 50;
    static final int MAX_COUNT = 500;

    static SearchPage of(Integer offset, Integer count) {
        return new SearchPage(offset == null ? 0 : Math.max(offset, 0),
                count == null ? DEFAULT_COUNT : Math.min(Math.max(count, 1), MAX_COUNT));
    }

    /** One page of results as a bundle that knows the total, so HAPI adds next/previous links. */
    <T> IBundleProvider bundle(PatientPage<T> page, Function<T, ? extends IBaseResource> toFhir) {
        List<IBaseResource> resources = page.items().stream().map(item -> (IBaseResource) toFhir.apply(item)).toList();
        SimpleBundleProvider bundle = new SimpleBundleProvider(resources);
        bundle.setSize(page.total());
        bundle.setPreferredPageSize(size);
        return bundle;
    }

    /** One page of a list already filtered in memory. */
    <T> IBundleProvider slice(List<T> all, Function<T, ? extends IBaseResource> toFhir) {
        int from = Math.min(offset, all.size());
        int to = Math.min(from + size, all.size());
        return bundle(new PatientPage<>(all.subList(from, to), all.size(), offset, size), toFhir);
    }
}
