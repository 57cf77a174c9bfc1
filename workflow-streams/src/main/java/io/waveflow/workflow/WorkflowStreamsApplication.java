package io.waveflow.workflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts the workflow topology service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorkflowStreamsApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorkflowStreamsApplication.class, args);
    }
}
