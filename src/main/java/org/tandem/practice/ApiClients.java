package org.tandem.practice;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;
import org.tandem.platform.CurrentActor;
import org.tandem.platform.TenantJdbc;

/**
 * API clients for Tandem's token endpoint: client credentials with client_secret_basic; each access token carries
 * the practice and the role the client acts in.
 */
@Component
class ApiClients implements RegisteredClientRepository, OAuth2TokenCustomizer<JwtEncodingContext> {

    private final TenantJdbc jdbc;

    ApiClients(TenantJdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(RegisteredClient registeredClient) {
        throw new UnsupportedOperationException("API clients are registered by a practice admin, not over OAuth2");
    }

    @Override
    public RegisteredClient findById(String id) {
        return findByClientId(id);
    }

    @Override
    public RegisteredClient findByClientId(String clientId) {
        return jdbc.global().queryOne("SELECT client_id, name, secret_hash FROM api_client WHERE client_id = :id AND enabled = TRUE",
                Map.of("id", clientId), (rs, n) -> RegisteredClient.withId(rs.getString("client_id"))
                        .clientId(rs.getString("client_id"))
                        .clientName(rs.getString("name"))
                        .clientSecret(rs.getString("secret_hash"))
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .scope("system/*.read")
                        .scope("system/*.write")
                        .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofMinutes(30)).build())
                        .build())
                .orElse(null);
    }

    @Override
    public void customize(JwtEncodingContext context) {
        if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
            return;
        }
        String clientId = context.getRegisteredClient().getClientId();
        jdbc.global().queryOne("SELECT owner_practice, role FROM api_client WHERE client_id = :id", Map.of("id", clientId),
                (rs, n) -> Map.of("practice", rs.getObject(1, UUID.class).toString(), "role", rs.getString(2)))
                .ifPresent(claims -> context.getClaims()
                        .claim(CurrentActor.PRACTICE_CLAIM, claims.get("practice"))
                        .claim(CurrentActor.ROLE_CLAIM, claims.get("role")));
    }
}
