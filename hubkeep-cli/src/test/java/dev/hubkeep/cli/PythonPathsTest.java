package dev.hubkeep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Paths expanded as Python's os.path does on POSIX (the expected values are what Python 3 prints). */
class PythonPathsTest {

    static final Map<String, String> ENV = Map.of("HOME", "/home/al/", "A", "x", "EMPTY", "");

    @Test
    void expandUser_tildeIsHomeVariableWithoutTrailingSlash() {
        assertThat(PythonPaths.expandUser("~", ENV, "/account")).isEqualTo("/home/al");
        assertThat(PythonPaths.expandUser("~/a", ENV, "/account")).isEqualTo("/home/al/a");
    }

    @Test
    void expandUser_homeUnset_accountHomeFromThePasswordDatabase() {
        assertThat(PythonPaths.expandUser("~/a", Map.of(), "/account")).isEqualTo("/account/a");
    }

    @Test
    void expandUser_homeEmpty_root() {
        assertThat(PythonPaths.expandUser("~", Map.of("HOME", ""), "/account")).isEqualTo("/");
        assertThat(PythonPaths.expandUser("~/x", Map.of("HOME", ""), "/account")).isEqualTo("/x");
    }

    @Test
    void expandUser_tildeElsewhereOrOtherUser_unchanged() {
        assertThat(PythonPaths.expandUser("a/~", ENV, "/account")).isEqualTo("a/~");
        assertThat(PythonPaths.expandUser("~al/a", ENV, "/account")).isEqualTo("~al/a");
    }

    @Test
    void expandVars_setVariablesReplacedOthersKept() {
        assertThat(PythonPaths.expandVars("$A/b", ENV)).isEqualTo("x/b");
        assertThat(PythonPaths.expandVars("${A}b", ENV)).isEqualTo("xb");
        assertThat(PythonPaths.expandVars("$A$A", ENV)).isEqualTo("xx");
        assertThat(PythonPaths.expandVars("$A-b", ENV)).isEqualTo("x-b");
        assertThat(PythonPaths.expandVars("$EMPTY/t", ENV)).isEqualTo("/t");
        assertThat(PythonPaths.expandVars("$MISSING/b", ENV)).isEqualTo("$MISSING/b");
        assertThat(PythonPaths.expandVars("$", ENV)).isEqualTo("$");
        assertThat(PythonPaths.expandVars("${}", ENV)).isEqualTo("${}");
        assertThat(PythonPaths.expandVars("${A", ENV)).isEqualTo("${A");
    }

    @Test
    void join_absoluteSecondOrEmptyFirst_second() {
        assertThat(PythonPaths.join("", "token")).isEqualTo("token");
        assertThat(PythonPaths.join("a", "/b")).isEqualTo("/b");
        assertThat(PythonPaths.join("a/", "b")).isEqualTo("a/b");
        assertThat(PythonPaths.join("a", "b")).isEqualTo("a/b");
    }
}
