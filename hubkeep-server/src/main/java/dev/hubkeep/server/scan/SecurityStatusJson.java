package dev.hubkeep.server.scan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A file's {@code securityFileStatus} in the public Hub's shape: {@code status} (the Hub's words:
 * {@code safe}, {@code queued}, {@code unsafe}, {@code suspicious}, {@code error}), {@code avScan}
 * (the content engines: builtin, clamav, safetensors) and {@code pickleImportScan} (with
 * {@code pickleImports}: module, name, safety), all three always present, since huggingface_hub
 * reads each key of it. Hubkeep's own view follows in {@code hubkeep}: its status word and each
 * engine's finding.
 */
final class SecurityStatusJson {

    private SecurityStatusJson() {}

    static Map<String, Object> of(ScanStatus status, ScanReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", status.hubWord());
        json.put("avScan", avScan(status, report));
        json.put("pickleImportScan", pickleScan(status, report));
        Map<String, Object> own = new LinkedHashMap<>();
        own.put("status", status.wireName());
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding finding : report.findings()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("engine", finding.engine());
            item.put("status", finding.status().wireName());
            if (!finding.detail().isEmpty()) {
                item.put(switch (finding.status()) {
                    case INFECTED -> "signature";
                    case SUSPICIOUS -> "found";
                    case ERROR -> "reason";
                    default -> "note";
                }, finding.detail());
            }
            findings.add(item);
        }
        own.put("findings", findings);
        json.put("hubkeep", own);
        return json;
    }

    private static Map<String, Object> avScan(ScanStatus status, ScanReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (status == ScanStatus.PENDING) {
            json.put("status", "queued");
            return json;
        }
        List<Finding> content = report.findings().stream().filter(f -> !f.engine().equals(PickleEngine.NAME)).toList();
        ScanStatus worst = ScanReport.of(content).status();
        json.put("status", worst.hubWord());
        content.stream().filter(f -> f.status() == worst && !f.detail().isEmpty()).findFirst()
                .ifPresent(f -> json.put("message", f.engine() + ": " + f.detail()));
        return json;
    }

    private static Map<String, Object> pickleScan(ScanStatus status, ScanReport report) {
        Map<String, Object> json = new LinkedHashMap<>();
        Optional<Finding> pickle = report.of(PickleEngine.NAME);
        if (status == ScanStatus.PENDING) {
            json.put("status", "queued");
        } else if (pickle.isEmpty() || pickle.get().detail().equals(PickleEngine.NO_PICKLE) && pickle.get().imports().isEmpty()) {
            json.put("status", "unscanned");
        } else {
            json.put("status", pickle.get().status().hubWord());
            if (!pickle.get().detail().isEmpty()) {
                json.put("message", pickle.get().detail());
            }
            List<Map<String, Object>> imports = new ArrayList<>();
            for (PickleImport i : pickle.get().imports()) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("module", i.module());
                item.put("name", i.name());
                item.put("safety", i.safety().wireName());
                imports.add(item);
            }
            json.put("pickleImports", imports);
        }
        return json;
    }
}
