package io.waveflow.projections.consumer;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RetryListener;

/**
 * Says when a batch failed and will be retried, which spring-kafka itself only logs at debug:
 * while PostgreSQL is away the read model stands still, and an operator should see why.
 */
public class BatchRetryLog implements RetryListener {

    private static final Logger log = LoggerFactory.getLogger(BatchRetryLog.class);

    @Override
    public void failedDelivery(ConsumerRecords<?, ?> records, Exception failure, int deliveryAttempt) {
        if (deliveryAttempt == 1) {
            log.warn("Batch of {} records failed; retrying until it succeeds", records.count(), failure);
        } else {
            log.warn("Batch of {} records failed again (attempt {}): {}", records.count(), deliveryAttempt,
                    rootMessage(failure));
        }
    }

    @Override
    public void failedDelivery(ConsumerRecord<?, ?> record, Exception failure, int deliveryAttempt) {
        // Not used: the listener is a batch listener.
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }
}
