package org.schedproof.conformance.reproduce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every registered experiment file parses; a bad one is refused naming the file and the field. */
class ExperimentFileTest {
    @Test
    void everyRegisteredExperimentParsesAndNamesItsArms() {
        for (String name : Experiments.NAMES) {
            Experiment e = Experiments.load(name);
            assertThat(e.name()).isEqualTo(name);
            assertThat(e.arm(e.subject())).isNotNull();
            assertThat(e.quickVariant().points()).isNotEmpty();
        }
    }

    @Test
    void variablesExpandThroughValuesAndAnUnknownOneIsNamed() {
        Experiment e = Experiments.load("alise");
        assertThat(e.expand("${lengths}", Map.of("lengths", "x?n=${requests}", "requests", "7"), "workload"))
                .isEqualTo("x?n=7");
        assertThatThrownBy(() -> e.expand("${nope}", Map.of(), "workload"))
                .hasMessageContaining("workload").hasMessageContaining("${nope}");
    }

    @Test
    void badFilesAreRefusedNamingFileAndField() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode good = (ObjectNode) json.readTree(ExperimentFile.class.getResourceAsStream("/reproduce/dlpm.json"));
        ObjectNode badEngine = good.deepCopy();
        ((ObjectNode) badEngine.get("engine")).put("blokcs", "10");
        assertThatThrownBy(() -> ExperimentFile.parse("x.json", badEngine))
                .hasMessageContaining("x.json").hasMessageContaining("engine.blokcs");
        ObjectNode badKind = good.deepCopy();
        badKind.put("kind", "race");
        assertThatThrownBy(() -> ExperimentFile.parse("x.json", badKind)).hasMessageContaining("field kind");
        ObjectNode noSubject = good.deepCopy();
        noSubject.put("subject", "nobody");
        assertThatThrownBy(() -> ExperimentFile.parse("x.json", noSubject)).hasMessageContaining("nobody");
        ObjectNode badMetric = good.deepCopy();
        badMetric.put("metric", "speed");
        assertThatThrownBy(() -> ExperimentFile.parse("x.json", badMetric)).hasMessageContaining("speed");
    }
}
