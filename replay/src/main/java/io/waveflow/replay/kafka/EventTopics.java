package io.waveflow.replay.kafka;

import io.waveflow.contracts.topic.Topic;
import io.waveflow.contracts.topic.Topics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Waveflow's event topics under the short names analysts type: the middle word of each topic
 * name in the registry ({@code waveflow.inbound.v1} is {@code inbound}).
 */
public final class EventTopics {

    private static final Map<String, String> NAME_BY_ALIAS = new LinkedHashMap<>();

    static {
        for (Topic<String, ?> topic : Topics.ALL) {
            NAME_BY_ALIAS.put(topic.name().split("\\.")[1], topic.name());
        }
    }

    private EventTopics() {
    }

    /** The topic a short name stands for, or the argument itself when it is a full name. */
    public static String resolve(String aliasOrName) {
        return NAME_BY_ALIAS.getOrDefault(aliasOrName, aliasOrName);
    }

    /** Every event topic, in registry order: what replay reads when no topic is named. */
    public static List<String> all() {
        return List.copyOf(NAME_BY_ALIAS.values());
    }

    /** {@code inbound (waveflow.inbound.v1), ...} for error messages and help. */
    public static String describe() {
        StringBuilder text = new StringBuilder();
        NAME_BY_ALIAS.forEach((alias, name) -> text.append(text.isEmpty() ? "" : ", ")
                .append(alias).append(" (").append(name).append(')'));
        return text.toString();
    }
}
