package org.tandem.registry;

import java.time.ZoneOffset;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.thymeleaf.context.LazyContextVariable;
import org.tandem.platform.CurrentActor;
import org.tandem.practice.Practices;

/**
 * The signed-in practice's time zone ({@code homeLinkZone}) for the home links fragment, which any page can include
 * with just the episode and its links. Looked up only when a page shows the fragment.
 */
@ControllerAdvice
class HomeLinkZone {

    private final Practices practices;
    private final CurrentActor actors;

    HomeLinkZone(Practices practices, CurrentActor actors) {
        this.practices = practices;
        this.actors = actors;
    }

    @ModelAttribute("homeLinkZone")
    Object homeLinkZone() {
        return new LazyContextVariable<String>() {
            @Override
            protected String loadValue() {
                return actors.find().flatMap(a -> a.practice()).flatMap(practices::find).map(p -> p.timeZone().getId())
                        .orElse(ZoneOffset.UTC.getId());
            }
        };
    }
}
