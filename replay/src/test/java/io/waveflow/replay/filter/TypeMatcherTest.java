package io.waveflow.replay.filter;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TypeMatcherTest {

    private static final String UPLOAD = "io.waveflow.inbound.UploadCompleted.v1";

    @Test
    void shouldMatchTheFullTypeTheTypeWithoutVersionAndTheBareName() {
        assertThat(new TypeMatcher(List.of(UPLOAD)).matches(UPLOAD)).isTrue();
        assertThat(new TypeMatcher(List.of("io.waveflow.inbound.UploadCompleted")).matches(UPLOAD)).isTrue();
        assertThat(new TypeMatcher(List.of("io.waveflow.inbound.UploadCompleted")).matches(
                "io.waveflow.inbound.UploadCompleted.v2")).isTrue();
        assertThat(new TypeMatcher(List.of("UploadCompleted")).matches(UPLOAD)).isTrue();
    }

    @Test
    void shouldNotMatchOtherTypesOrOtherVersionsOrPrefixes() {
        assertThat(new TypeMatcher(List.of(UPLOAD)).matches("io.waveflow.inbound.UploadCompleted.v2")).isFalse();
        assertThat(new TypeMatcher(List.of("Upload")).matches(UPLOAD)).isFalse();
        assertThat(new TypeMatcher(List.of("uploadcompleted")).matches(UPLOAD)).isFalse();
        assertThat(new TypeMatcher(List.of("io.waveflow.inbound")).matches(UPLOAD)).isFalse();
        assertThat(new TypeMatcher(List.of("HashReported")).matches(null)).isFalse();
    }

    @Test
    void shouldMatchEverythingWithoutNamesAndAnyOfSeveral() {
        assertThat(new TypeMatcher(List.of()).matches(UPLOAD)).isTrue();
        TypeMatcher two = new TypeMatcher(List.of("HashClaimed", "UploadCompleted"));
        assertThat(two.matches(UPLOAD)).isTrue();
        assertThat(two.matches("io.waveflow.workflow.HashClaimed.v1")).isTrue();
        assertThat(two.matches("io.waveflow.workflow.StemCompleted.v1")).isFalse();
    }
}
