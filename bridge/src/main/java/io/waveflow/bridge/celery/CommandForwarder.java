package io.waveflow.bridge.celery;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.waveflow.bridge.celery.CommandPlanner.Message;
import io.waveflow.bridge.celery.CommandPlanner.Plan;
import io.waveflow.bridge.celery.CommandPlanner.Undeliverable;
import io.waveflow.bridge.celery.SqsBatchSender.Outcome;
import io.waveflow.bridge.celery.SqsBatchSender.Status;
import io.waveflow.bridge.inbound.DeadLetterSink;
import io.waveflow.contracts.LogKeys;
import io.waveflow.tracing.KafkaTracing;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;

import java.time.Clock;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Forwards a batch of stage commands to SQS as Celery messages: the {@link CommandPlanner} plans
 * the calls, the {@link SqsBatchSender} makes them, and each record ends either accepted by SQS or
 * parked on the dead-letter topic (it does not decode, the Celery codec refuses it, or SQS calls it
 * the sender's fault); nothing is skipped. When SQS has not accepted everything, {@link #forward}
 * throws and keeps nothing: the listener container's error handler backs off and hands the same
 * batch back, which is then sent whole again (task ids are deterministic; a FIFO queue dedupes them).
 * Each command's SQS send is a span in the command record's trace, and its context travels on as
 * the Celery message's {@code traceparent} header, so the worker's webhooks continue the trace.
 */
public class CommandForwarder {

    static final String FAILED_IN = "bridge";

    private static final Logger log = LoggerFactory.getLogger(CommandForwarder.class);

    private final CommandPlanner planner;
    private final SqsBatchSender sender;
    private final DeadLetterSink deadLetters;
    private final ForwardingMetrics metrics;
    private final Clock clock;
    private final KafkaTracing tracing;

    public CommandForwarder(SqsAsyncClient sqs, QueueRouting routing, DeadLetterSink deadLetters,
                            MeterRegistry registry, Duration sendTimeout, Clock clock) {
        this(sqs, routing, deadLetters, registry, sendTimeout, clock, KafkaTracing.noop());
    }

    public CommandForwarder(SqsAsyncClient sqs, QueueRouting routing, DeadLetterSink deadLetters,
                            MeterRegistry registry, Duration sendTimeout, Clock clock, KafkaTracing tracing) {
        this.tracing = tracing;
        this.planner = new CommandPlanner(routing);
        this.sender = new SqsBatchSender(sqs, sendTimeout);
        this.deadLetters = deadLetters;
        this.metrics = new ForwardingMetrics(registry, routing.queues());
        this.clock = clock;
    }

    /**
     * Returns once every record is on SQS or on the dead-letter topic.
     *
     * @throws SqsNotAcceptedException when some commands are not on SQS yet; retry with the same records
     */
    public void forward(List<ConsumerRecord<String, byte[]>> records) {
        Map<ConsumerRecord<String, byte[]>, Span> spans = new IdentityHashMap<>();
        records.forEach(record -> spans.put(record, tracing.start("sqs send", Span.Kind.PRODUCER, record.headers())));
        try {
            forward(records, spans);
        } finally {
            spans.values().forEach(Span::end);
        }
    }

    private void forward(List<ConsumerRecord<String, byte[]>> records, Map<ConsumerRecord<String, byte[]>, Span> spans) {
        Plan plan = planner.plan(records, record -> tracing.traceparent(spans.get(record)));
        plan.batches().forEach(batch -> metrics.batch(batch.messages().size()));
        List<Outcome> outcomes = sender.send(plan.batches());
        outcomes.forEach(outcome -> report(outcome, spans.get(outcome.message().record())));
        long notAccepted = outcomes.stream().filter(outcome -> outcome.status() == Status.NOT_ACCEPTED).count();
        if (notAccepted > 0) {
            // The whole batch comes back: every message of it is sent again.
            outcomes.forEach(outcome -> metrics.retried(outcome.message().queue()));
            throw new SqsNotAcceptedException(notAccepted + " of " + records.size()
                    + " commands are not on SQS yet; the batch will be retried");
        }
        // Parked once SQS took the rest, so a batch handed back parks nothing twice, and a
        // dead-letter failure leaves the batch to be retried rather than hiding what SQS accepted.
        for (Undeliverable record : plan.undeliverable()) {
            park(record.record(), record.stemId(), record.cause(), record.reason(), spans.get(record.record()));
        }
        for (Outcome outcome : outcomes) {
            if (outcome.status() == Status.REFUSED) {
                park(outcome.message().record(), outcome.message().command().stemId(), ForwardingMetrics.SENDER_FAULT,
                        outcome.detail(), spans.get(outcome.message().record()));
            }
        }
    }

    private void report(Outcome outcome, Span span) {
        Message message = outcome.message();
        span.name("sqs send " + message.task().name())
                .tag(KafkaTracing.STEM_ID, message.command().stemId())
                .tag(KafkaTracing.TASK_NAME, message.task().name())
                .tag(KafkaTracing.TASK_ID, message.task().id())
                .tag("messaging.destination.name", message.queue().name())
                .tag("waveflow.sqs.outcome", outcome.status().name());
        try (Tracer.SpanInScope trace = tracing.inScope(span);
             MDC.MDCCloseable ignored = MDC.putCloseable(LogKeys.STEM_ID, message.command().stemId())) {
            switch (outcome.status()) {
                case ACCEPTED -> {
                    metrics.sent(message.queue());
                    log.info("Sent {} {} to queue {} as SQS message {}", message.task().name(), message.task().id(),
                            message.queue().name(), outcome.detail());
                }
                case NOT_ACCEPTED -> {
                    metrics.failed(message.queue());
                    log.warn("SQS did not accept {} {} for queue {}, will retry: {}", message.task().name(),
                            message.task().id(), message.queue().name(), outcome.detail());
                }
                case REFUSED -> { }
            }
        }
    }

    /** In the command's span, so the dead letter record keeps its trace. */
    private void park(ConsumerRecord<String, byte[]> record, String stemId, String cause, String reason, Span span) {
        span.tag("waveflow.dead_letter", cause);
        try (Tracer.SpanInScope trace = tracing.inScope(span);
             MDC.MDCCloseable ignored = stemId == null ? null : MDC.putCloseable(LogKeys.STEM_ID, stemId)) {
            deadLetters.park(new DeadLetterSink.Origin(record.topic(), record.partition(), record.offset()),
                    record.key(), record.value(), reason, FAILED_IN, clock.instant());
            metrics.deadLettered(cause);
            log.warn("Dead-lettered {}-{}@{} ({}): {}", record.topic(), record.partition(), record.offset(), cause,
                    reason);
        }
    }
}
