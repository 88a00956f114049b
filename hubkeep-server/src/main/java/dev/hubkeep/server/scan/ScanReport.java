package dev.hubkeep.server.scan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every engine's finding on one file, and the status they add up to: infected if any engine says
 * so; else an error if an engine may do better later (clamd down); else suspicious if any engine
 * says so; else an error if a file is broken; else ok. Kept as JSON in {@code scan_files.report}.
 */
public record ScanReport(ScanStatus status, List<Finding> findings) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ScanReport {
        findings = List.copyOf(findings);
    }

    static ScanReport of(List<Finding> findings) {
        ScanStatus status = ScanStatus.OK;
        boolean retry = false;
        for (Finding finding : findings) {
            status = ScanStatus.worst(status, finding.status());
            retry |= finding.retry();
        }
        if (retry && status != ScanStatus.INFECTED) {
            status = ScanStatus.ERROR;
        }
        return new ScanReport(status, findings);
    }

    /** Whether another scan later may change the verdict (an engine failed for a passing reason). */
    boolean retryable() {
        return status == ScanStatus.ERROR && findings.stream().anyMatch(Finding::retry);
    }

    /** The first finding of this status: what to show for the file's status. */
    Optional<Finding> deciding() {
        return findings.stream().filter(f -> f.status() == status).findFirst();
    }

    Optional<Finding> of(String engine) {
        return findings.stream().filter(f -> f.engine().equals(engine)).findFirst();
    }

    String toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("findings");
        for (Finding finding : findings) {
            ObjectNode node = list.addObject();
            node.put("engine", finding.engine());
            node.put("status", finding.status().wireName());
            node.put("detail", finding.detail());
            node.put("retry", finding.retry());
            ArrayNode imports = node.putArray("imports");
            finding.imports().forEach(i -> imports.addObject()
                    .put("module", i.module()).put("name", i.name()).put("safety", i.safety().wireName()));
        }
        return root.toString();
    }

    static ScanReport fromJson(ScanStatus status, String json) {
        if (json == null) {
            return new ScanReport(status, List.of());
        }
        try {
            List<Finding> findings = new ArrayList<>();
            for (JsonNode node : JSON.readTree(json).path("findings")) {
                List<PickleImport> imports = new ArrayList<>();
                for (JsonNode i : node.path("imports")) {
                    imports.add(new PickleImport(i.path("module").asText(), i.path("name").asText(),
                            PickleImport.Safety.valueOf(i.path("safety").asText().toUpperCase(java.util.Locale.ROOT))));
                }
                findings.add(new Finding(node.path("engine").asText(), ScanStatus.fromWire(node.path("status").asText()),
                        node.path("detail").asText(), node.path("retry").asBoolean(), imports));
            }
            return new ScanReport(status, findings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored scan report is not JSON", e);
        }
    }
}
