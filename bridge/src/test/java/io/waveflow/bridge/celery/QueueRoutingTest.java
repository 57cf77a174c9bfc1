package io.waveflow.bridge.celery;

import io.waveflow.contracts.Stage;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QueueRoutingTest {

    private static final String DEFAULT = "http://127.0.0.1:9324/000000000000/waveflow-audio-process-queue";
    private static final String FIFO = "https://sqs.ap-northeast-2.amazonaws.com/123456789012/analysis.fifo";

    @Test
    void shouldRouteEveryTaskToTheDefaultQueue() {
        QueueRouting routing = new QueueRouting(DEFAULT, Map.of());

        for (Stage stage : Stage.values()) {
            assertThat(routing.queueFor(stage.taskName()))
                    .isEqualTo(new QueueRouting.Queue(DEFAULT, "waveflow-audio-process-queue"));
        }
        assertThat(routing.queues()).hasSize(1);
    }

    @Test
    void shouldRouteATaskToItsOwnQueueWithTheQueueNameAsRoutingKey() {
        QueueRouting routing = new QueueRouting(DEFAULT, Map.of(Stage.ANALYSIS.taskName(), FIFO + "/"));

        QueueRouting.Queue analysis = routing.queueFor(Stage.ANALYSIS.taskName());
        assertThat(analysis.name()).isEqualTo("analysis.fifo");
        assertThat(analysis.fifo()).isTrue();
        assertThat(routing.queueFor(Stage.HASH.taskName()).fifo()).isFalse();
        assertThat(routing.queues()).hasSize(2);
    }

    @Test
    void shouldRefuseATaskNameThatIsNoWaveflowTask() {
        // What Spring binds from WAVEFLOW_BRIDGE_TASKQUEUES_APP_TASKS_PROCESS_AUDIO_ANALYSIS.
        assertThatThrownBy(() -> new QueueRouting(DEFAULT, Map.of("app.tasks.process.audio.analysis", FIFO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown Celery task 'app.tasks.process.audio.analysis'");
    }

    @Test
    void shouldRefuseAQueueNameCeleryCannotRouteTo() {
        assertThatThrownBy(() -> new QueueRouting("http://127.0.0.1:9324/000000000000/audio.queue", Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("audio.queue");
        assertThatThrownBy(() -> new QueueRouting("not a url", Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
