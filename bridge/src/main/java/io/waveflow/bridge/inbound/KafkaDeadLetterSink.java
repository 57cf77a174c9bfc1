package io.waveflow.bridge.inbound;

import io.waveflow.contracts.deadletter.DeadLetter;
import io.waveflow.contracts.topic.Topics;
import org.springframework.kafka.core.KafkaTemplate;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Parks dead letters on the dead-letter topic and waits for the broker's acknowledgement. */
public class KafkaDeadLetterSink implements DeadLetterSink {

    private final KafkaTemplate<String, DeadLetter> template;
    private final Duration timeout;

    public KafkaDeadLetterSink(KafkaTemplate<String, DeadLetter> template, Duration timeout) {
        this.template = template;
        this.timeout = timeout;
    }

    @Override
    public void park(String key, DeadLetter letter) {
        try {
            template.send(Topics.DEAD_LETTER.name(), key, letter).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while parking a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("dead letter for " + letter.sourceTopic() + "-" + letter.sourcePartition()
                    + "@" + letter.sourceOffset() + " was not stored", e);
        }
    }
}
