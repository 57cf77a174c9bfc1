package io.waveflow.contracts;

import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class StageTest {

    @Test
    void shouldSpellTheStageWordTheSameUnderATurkishLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(Stage.HASH.word()).isEqualTo("hash");
            assertThat(Stage.DUPLICATE.word()).isEqualTo("duplicate");
            assertThat(Stage.ANALYSIS.word()).isEqualTo("analysis");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void shouldBuildTaskIdsFromTheWord() {
        assertThat(Stage.ANALYSIS.taskId("s-1", 4)).isEqualTo("analysis-s-1-4");
    }
}
