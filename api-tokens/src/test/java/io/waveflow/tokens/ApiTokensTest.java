package io.waveflow.tokens;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokensTest {

    private static final String READ_SECRET = "read-secret-0123456789";
    private static final String ADMIN_SECRET = "admin-secret-0123456789";

    @Test
    void shouldFindEachConfiguredTokenWithItsNameAndRole() {
        ApiTokens tokens = ApiTokens.parse("grafana:read:" + READ_SECRET + ", ops:admin:" + ADMIN_SECRET);

        assertThat(tokens.find(READ_SECRET)).get()
                .satisfies(token -> assertThat(token.name()).isEqualTo("grafana"))
                .satisfies(token -> assertThat(token.role()).isEqualTo(Role.READ));
        assertThat(tokens.find(ADMIN_SECRET)).get()
                .satisfies(token -> assertThat(token.name()).isEqualTo("ops"))
                .satisfies(token -> assertThat(token.role()).isEqualTo(Role.ADMIN));
    }

    @Test
    void shouldAcceptTwoTokensForOneRoleDuringARotation() {
        ApiTokens tokens = ApiTokens.parse("ops-old:admin:" + ADMIN_SECRET + ",ops-new:admin:" + ADMIN_SECRET + "-new");

        assertThat(tokens.find(ADMIN_SECRET).map(ApiToken::name)).contains("ops-old");
        assertThat(tokens.find(ADMIN_SECRET + "-new").map(ApiToken::name)).contains("ops-new");
    }

    @Test
    void shouldFindNothingForAWrongAPrefixOrAMissingToken() {
        ApiTokens tokens = ApiTokens.parse("ops:admin:" + ADMIN_SECRET);

        assertThat(tokens.find("admin-secret-012345678")).isEmpty();
        assertThat(tokens.find(ADMIN_SECRET + "x")).isEmpty();
        assertThat(tokens.find("")).isEmpty();
        assertThat(tokens.find(null)).isEmpty();
    }

    @Test
    void shouldKeepTheColonsOfASecret() {
        ApiTokens tokens = ApiTokens.parse("ops:admin:with:colons:0123456789");

        assertThat(tokens.find("with:colons:0123456789")).isPresent();
    }

    @Test
    void shouldRefuseEntriesThatCannotWorkNamingTheEntryButNeverTheSecret() {
        assertThatThrownBy(() -> ApiTokens.parse(" ")).hasMessageContaining("at least one name:role:token");
        assertThatThrownBy(() -> ApiTokens.parse("ops:admin")).hasMessageContaining("entry 1 is not name:role:token");
        assertThatThrownBy(() -> ApiTokens.parse("ops:root:" + ADMIN_SECRET))
                .hasMessageContaining("entry 1 (ops)").hasMessageContaining("role 'root' is not known")
                .hasMessageNotContaining(ADMIN_SECRET);
        assertThatThrownBy(() -> ApiTokens.parse("ops:admin:" + ADMIN_SECRET + ",me:read:short"))
                .hasMessageContaining("entry 2 (me)").hasMessageContaining("at least 16 characters")
                .hasMessageNotContaining("short");
        assertThatThrownBy(() -> ApiTokens.parse("ops:admin:" + ADMIN_SECRET + ",ops:read:" + READ_SECRET))
                .hasMessageContaining("used twice");
        assertThatThrownBy(() -> ApiTokens.parse("a b:read:" + READ_SECRET)).hasMessageContaining("the name must be");
    }

    @Test
    void shouldNeverPrintASecret() {
        ApiTokens tokens = ApiTokens.parse("ops:admin:" + ADMIN_SECRET);

        assertThat(tokens.tokens().get(0).toString()).isEqualTo("ApiToken[name=ops, role=admin]");
        assertThat(new ApiTokensSettings("ops:admin:" + ADMIN_SECRET).toString()).doesNotContain(ADMIN_SECRET);
    }

    @Test
    void shouldLetAnAdminReadToo() {
        assertThat(Role.ADMIN.authorities()).extracting(Object::toString)
                .containsExactly(Role.READ_AUTHORITY, Role.ADMIN_AUTHORITY);
        assertThat(Role.READ.authorities()).extracting(Object::toString).containsExactly(Role.READ_AUTHORITY);
    }
}
