package io.waveflow.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiTokensSettingTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldGenerateAnAdminAndAReadTokenAndKeepThemAcrossRestarts() {
        ApiTokensSetting first = ApiTokensSetting.resolve(null, dataDir);
        ApiTokensSetting again = ApiTokensSetting.resolve(" ", dataDir);

        assertThat(first.adminToken()).matches("[0-9a-f]{64}").isNotEqualTo(first.readToken());
        assertThat(first.value()).isEqualTo("local-admin:admin:" + first.adminToken()
                + ",local-reader:read:" + first.readToken());
        assertThat(again).isEqualTo(first);
        assertThat(first.toString()).doesNotContain(first.adminToken());
    }

    @Test
    void shouldPassAnExportedSettingOnUnchangedAndPickOneTokenOfEachRole() {
        String exported = "ops:admin:admin-secret-0123456789, grafana:read:read:secret-0123456789";

        ApiTokensSetting setting = ApiTokensSetting.resolve(exported, dataDir);

        assertThat(setting.value()).isEqualTo(exported);
        assertThat(setting.adminToken()).isEqualTo("admin-secret-0123456789");
        assertThat(setting.readToken()).isEqualTo("read:secret-0123456789");
        assertThat(dataDir.resolve(ApiTokensSetting.ADMIN_FILE)).doesNotExist();
    }

    @Test
    void shouldHaveNoReadTokenWhenTheExportedSettingHasNone() {
        assertThat(ApiTokensSetting.resolve("ops:admin:admin-secret-0123456789", dataDir).readToken()).isNull();
    }
}
