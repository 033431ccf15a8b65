package org.tandem.platform;

import java.util.Map;
import java.util.TreeMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/me}: which client or user a token stands for, in which practice and role. */
@RestController
class WhoAmIController {

    private final CurrentActor actors;

    WhoAmIController(CurrentActor actors) {
        this.actors = actors;
    }

    @GetMapping("/api/me")
    Map<String, Object> me() {
        Actor actor = actors.require();
        Map<String, Object> body = new TreeMap<>();
        body.put("name", actor.name());
        body.put("kind", actor.kind().name());
        body.put("practiceId", actor.practice().map(PracticeId::toString).orElse(null));
        body.put("roles", actor.roles().stream().map(Enum::name).sorted().toList());
        return body;
    }
}
