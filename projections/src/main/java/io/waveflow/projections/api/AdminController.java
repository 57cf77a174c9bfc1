package io.waveflow.projections.api;

import io.waveflow.projections.generation.Generations;
import io.waveflow.projections.generation.RebuildMonitor;
import io.waveflow.projections.generation.RebuildStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * Rebuilds the read model without downtime: {@code POST} starts building a new generation from
 * the start of the topics, {@code GET} shows every generation's offsets against the topics' end
 * offsets, {@code DELETE} abandons the rebuild. The switch to the new generation and the drop of
 * the old one happen by themselves once it has caught up ({@code GenerationSupervisor}).
 */
@RestController
@RequestMapping("/admin/rebuild")
class AdminController {

    private final Generations generations;
    private final RebuildMonitor monitor;

    AdminController(Generations generations, RebuildMonitor monitor) {
        this.generations = generations;
        this.monitor = monitor;
    }

    @PostMapping
    ResponseEntity<RebuildStatus> start() {
        generations.startRebuild();
        return ResponseEntity.accepted().location(URI.create("/admin/rebuild")).body(monitor.status());
    }

    @GetMapping
    RebuildStatus status() {
        return monitor.status();
    }

    @DeleteMapping
    RebuildStatus abort() {
        generations.abortRebuild().orElseThrow(NoRebuildException::new);
        return monitor.status();
    }
}
