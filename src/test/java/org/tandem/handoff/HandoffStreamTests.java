package org.tandem.handoff;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.tandem.platform.Actor;
import org.tandem.platform.Channel;
import org.tandem.platform.PracticeId;
import org.tandem.platform.Role;

/**
 * Who the live handoff stream tells what: a new request goes to the practice's BHCs (and the requester), a handoff that
 * moved on to the BHCs, the requester and the clinician who accepted it, a presence change to everyone of the practice;
 * never anything to another practice, and events carry ids and codes only.
 */
class HandoffStreamTests {

    final PracticeId riverside = new PracticeId(UUID.randomUUID());
    final PracticeId lakeside = new PracticeId(UUID.randomUUID());
    final HandoffStream stream = new HandoffStream(null, null);

    final Listener bhc = listen(riverside, Role.BHC);
    final Listener otherBhc = listen(riverside, Role.BHC);
    final Listener pcp = listen(riverside, Role.PCP);
    final Listener otherPcp = listen(riverside, Role.PCP);
    final Listener admin = listen(riverside, Role.PRACTICE_ADMIN);
    final Listener lakesideBhc = listen(lakeside, Role.BHC);

    @Test
    void everyoneGetsReadyOnSubscribing() {
        for (Listener l : List.of(bhc, pcp, admin, lakesideBhc)) {
            assertThat(l.events()).containsExactly("ready");
        }
        assertThat(stream.subscriberCount()).isEqualTo(6);
    }

    @Test
    void newRequestGoesToTheBhcsOfThePracticeAndTheRequesterOnly() {
        UUID handoff = UUID.randomUUID();
        stream.on(new HandoffRequested(riverside, handoff, pcp.account));

        assertThat(bhc.events()).containsExactly("ready", "handoff {\"id\":\"" + handoff + "\",\"step\":\"requested\"}");
        assertThat(otherBhc.events()).hasSize(2);
        assertThat(pcp.events()).hasSize(2);
        assertThat(otherPcp.events()).containsExactly("ready");
        assertThat(admin.events()).containsExactly("ready");
        assertThat(lakesideBhc.events()).containsExactly("ready");
    }

    @Test
    void changedHandoffGoesToTheBhcsTheRequesterAndTheAcceptor() {
        UUID handoff = UUID.randomUUID();
        stream.on(new HandoffChanged(riverside, handoff, "accepted", pcp.account, bhc.account));

        assertThat(pcp.events()).containsExactly("ready", "handoff {\"id\":\"" + handoff + "\",\"step\":\"accepted\"}");
        assertThat(bhc.events()).hasSize(2);
        assertThat(otherBhc.events()).hasSize(2);
        assertThat(otherPcp.events()).containsExactly("ready");
        assertThat(lakesideBhc.events()).containsExactly("ready");
    }

    @Test
    void changesOfAHandoffGoToWhoeverHasItsStatusPageOpen() {
        UUID handoff = UUID.randomUUID();
        Listener watcher = new Listener(UUID.randomUUID());
        stream.subscribe(new Actor(watcher.account.toString(), "okafor@example.org", Actor.Kind.USER, riverside, Set.of(Role.PCP),
                Channel.WEB, null), handoff, watcher);

        stream.on(new HandoffChanged(riverside, UUID.randomUUID(), "accepted", pcp.account, bhc.account));
        stream.on(new HandoffChanged(riverside, handoff, "accepted", pcp.account, bhc.account));

        assertThat(watcher.events()).containsExactly("ready", "handoff {\"id\":\"" + handoff + "\",\"step\":\"accepted\"}");
    }

    @Test
    void presenceChangeGoesToEveryoneOfThePractice() {
        stream.on(new PresenceChanged(riverside, bhc.account, "away"));

        String expected = "presence {\"clinician\":\"" + bhc.account + "\",\"state\":\"away\"}";
        for (Listener l : List.of(bhc, otherBhc, pcp, otherPcp, admin)) {
            assertThat(l.events()).containsExactly("ready", expected);
        }
        assertThat(lakesideBhc.events()).containsExactly("ready");
    }

    @Test
    void closedStreamsAreDroppedAndCloseAllEndsTheRest() {
        pcp.broken = true;
        stream.on(new PresenceChanged(riverside, bhc.account, "off"));
        assertThat(stream.subscriberCount()).isEqualTo(5);

        stream.closeAll();
        assertThat(stream.subscriberCount()).isZero();
    }

    private Listener listen(PracticeId practice, Role role) {
        Listener listener = new Listener(UUID.randomUUID());
        stream.subscribe(new Actor(listener.account.toString(), role.name().toLowerCase() + "@example.org", Actor.Kind.USER,
                practice, Set.of(role), Channel.WEB, null), null, listener);
        return listener;
    }

    /** An emitter that keeps what is sent to it as "name data" (comments are left out). */
    static final class Listener extends SseEmitter {

        final UUID account;
        final List<String> sent = new ArrayList<>();
        boolean broken;

        Listener(UUID account) {
            this.account = account;
        }

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            if (broken) {
                throw new IOException("gone");
            }
            String text = builder.build().stream().map(ResponseBodyEmitter.DataWithMediaType::getData).map(Object::toString)
                    .collect(Collectors.joining());
            String name = null;
            String data = null;
            for (String line : text.split("\n")) {
                if (line.startsWith("event:")) {
                    name = line.substring(6);
                } else if (line.startsWith("data:")) {
                    data = line.substring(5);
                }
            }
            if (name != null) {
                sent.add("ready".equals(name) ? name : name + " " + data);
            }
        }

        List<String> events() {
            return sent;
        }
    }
}
