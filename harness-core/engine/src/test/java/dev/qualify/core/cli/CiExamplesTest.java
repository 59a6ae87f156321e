package dev.qualify.core.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.apache.commons.text.StringTokenizer;
import org.apache.commons.text.matcher.StringMatcherFactory;
import org.codehaus.groovy.ast.ModuleNode;
import org.codehaus.groovy.ast.expr.ArgumentListExpression;
import org.codehaus.groovy.ast.expr.ConstantExpression;
import org.codehaus.groovy.ast.expr.Expression;
import org.codehaus.groovy.ast.expr.MethodCallExpression;
import org.codehaus.groovy.ast.CodeVisitorSupport;
import org.codehaus.groovy.control.CompilationUnit;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.Phases;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pipelines of {@code ci/examples/}: each parses (YAML with Jackson, the Jenkinsfile with Groovy's parser), the
 * two YAML files hold against their published JSON schemas (vendored in {@code src/test/resources/ci-schemas}, see
 * its README), each has the agreed shape (shards, merge, signing, JUnit publishing), and every {@code qualify}
 * command line in them parses with the real command line, CI variables replaced by sample values.
 */
class CiExamplesTest {
    private static final Path EXAMPLES = Path.of("../../ci/examples");
    private static final Path GITHUB = EXAMPLES.resolve("github-actions.yml");
    private static final Path GITLAB = EXAMPLES.resolve(".gitlab-ci.yml");
    private static final Path JENKINS = EXAMPLES.resolve("Jenkinsfile");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Sample values of the variables the pipelines use in qualify command lines. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("matrix.shard", "2"), Map.entry("RUNNER_TEMP", "/home/runner/work/_temp"),
            Map.entry("QUALIFY_CONFIG", "lab/qualify.yaml"), Map.entry("CI_NODE_INDEX", "2"), Map.entry("CI_NODE_TOTAL", "4"),
            Map.entry("QUALIFY_SIGN_KEY", "/builds/tmp/QUALIFY_SIGN_KEY"), Map.entry("QUALIFY_SIGN_CERT", "/builds/tmp/QUALIFY_SIGN_CERT"),
            Map.entry("SHARD", "2"), Map.entry("SIGN_KEY", "/var/jenkins/secret-key.pem"), Map.entry("SIGN_CERT", "/var/jenkins/secret-cert.pem"));
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\{\\s*([\\w.]+)\\s*}}|\\$\\{(\\w+)}|\\$(\\w+)");

    @Test
    void theGitHubWorkflowHoldsAgainstSchemaStoresWorkflowSchema() throws IOException {
        assertThat(errors("github-workflow.json", yaml(GITHUB))).isEmpty();
    }

    @Test
    void theGitLabPipelineHoldsAgainstGitLabsOwnSchema() throws IOException {
        assertThat(errors("gitlab-ci.json", yaml(GITLAB))).isEmpty();
    }

    @Test
    void theSchemasRejectWhatTheServicesWouldReject() throws IOException {
        ObjectNode github = (ObjectNode) yaml(GITHUB);
        ((ObjectNode) github.path("jobs").path("shard")).remove("runs-on");
        assertThat(errors("github-workflow.json", github)).as("a job without runs-on").isNotEmpty();
        ObjectNode gitlab = (ObjectNode) yaml(GITLAB);
        ((ObjectNode) gitlab.path("qualify-shard")).put("parallel", 500);
        assertThat(errors("gitlab-ci.json", gitlab)).as("parallel above GitLab's 200").isNotEmpty();
    }

    @Test
    void theGitHubWorkflowRunsFourShardsOnPoolRunnersThenMergesPublishesAndSigns() throws IOException {
        JsonNode jobs = yaml(GITHUB).path("jobs");
        JsonNode shard = jobs.path("shard");
        assertThat(texts(shard.path("runs-on"))).contains("self-hosted", "pool-frdm");
        assertThat(texts(shard.path("strategy").path("matrix").path("shard"))).containsExactly("1", "2", "3", "4");
        assertThat(uses(shard)).contains("actions/upload-artifact@v4");
        JsonNode merge = jobs.path("merge");
        assertThat(merge.path("needs").asText()).isEqualTo("shard");
        assertThat(merge.path("if").asText()).isEqualTo("always()");
        assertThat(uses(merge)).contains("actions/download-artifact@v4", "mikepenz/action-junit-report@v5", "actions/upload-artifact@v4");
        assertThat(commands(GITHUB)).extracting(c -> c.split(" ")[1] + (c.startsWith("qualify report") ? " " + c.split(" ")[2] : ""))
                .containsExactly("run", "report merge", "report sign", "report verify");
    }

    @Test
    void theGitLabPipelineShardsWithParallelAndPublishesTheMergedJUnit() throws IOException {
        JsonNode root = yaml(GITLAB);
        assertThat(texts(root.path("stages"))).containsExactly("qualify", "merge");
        JsonNode shard = root.path("qualify-shard");
        assertThat(shard.path("parallel").asInt()).isEqualTo(4);
        assertThat(texts(shard.path("tags"))).contains("pool-frdm");
        assertThat(shard.path("artifacts").path("when").asText()).isEqualTo("always");
        JsonNode merge = root.path("qualify-merge");
        assertThat(merge.path("stage").asText()).isEqualTo("merge");
        assertThat(merge.path("needs").path(0).path("job").asText()).isEqualTo("qualify-shard");
        assertThat(merge.path("artifacts").path("reports").path("junit").asText()).isEqualTo("merged/junit.xml");
        assertThat(commands(GITLAB)).anyMatch(c -> c.contains("--shard \"${CI_NODE_INDEX}/${CI_NODE_TOTAL}\""));
    }

    @Test
    void theJenkinsfileIsGroovyWithParallelCellsOnLabelledAgentsJUnitAndArchivedArtifacts() throws IOException {
        List<String> calls = new ArrayList<>();
        jenkinsAst().getStatementBlock().visit(new CodeVisitorSupport() {
            @Override
            public void visitMethodCallExpression(MethodCallExpression call) {
                calls.add(call.getMethodAsString());
                super.visitMethodCallExpression(call);
            }
        });
        assertThat(calls).contains("pipeline", "matrix", "axes", "label", "withCredentials", "catchError", "stash",
                "unstash", "junit", "archiveArtifacts");
        assertThat(commands(JENKINS)).hasSize(4).anyMatch(c -> c.contains("--shard \"$SHARD/4\""));
    }

    /** One case per command line, named after its file and the line, so a failure says which. */
    @TestFactory
    Stream<DynamicTest> everyQualifyCommandLineParsesWithTheRealCli() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : List.of(GITHUB, GITLAB, JENKINS)) {
            for (String command : commands(file)) {
                tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + command, () -> {
                    List<String> argv = words(substitute(command));
                    assertThat(argv.get(0)).isEqualTo("qualify");
                    CommandLine.ParseResult parsed = QualifyMain.commandLine().parseArgs(argv.subList(1, argv.size()).toArray(String[]::new));
                    assertThat(parsed.hasSubcommand()).isTrue();
                }));
            }
        }
        assertThat(tests).as("run, merge, sign and verify in each of the three files").hasSize(12);
        return tests.stream();
    }

    @Test
    void theCommandLineCheckRejectsAnOptionTheCliDoesNotHave() {
        assertThat(QualifyMain.commandLine().parseArgs(words(substitute("qualify run --config $QUALIFY_CONFIG --plain"))
                .subList(1, 5).toArray(String[]::new)).hasSubcommand()).isTrue();
        assertThatThrownBy(() -> QualifyMain.commandLine().parseArgs("run", "--config", "lab/qualify.yaml", "--shards", "2/4"))
                .isInstanceOf(CommandLine.ParameterException.class);
        assertThatThrownBy(() -> substitute("qualify run --config $UNKNOWN_VARIABLE")).hasMessageContaining("UNKNOWN_VARIABLE");
    }

    // --- reading the pipelines ---

    private static JsonNode yaml(Path file) throws IOException {
        return YAML.readTree(file.toFile());
    }

    private static List<Error> errors(String schemaFile, JsonNode document) throws IOException {
        try (InputStream in = CiExamplesTest.class.getResourceAsStream("/ci-schemas/" + schemaFile)) {
            assertThat(in).as(schemaFile).isNotNull();
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(in);
            return schema.validate(document);
        }
    }

    private static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static List<String> uses(JsonNode job) {
        List<String> out = new ArrayList<>();
        job.path("steps").forEach(s -> {
            if (s.has("uses")) out.add(s.get("uses").asText());
        });
        return out;
    }

    /** Every line of a shell script in the file whose first word is {@code qualify}, in order. */
    static List<String> commands(Path file) throws IOException {
        List<String> scripts = new ArrayList<>();
        if (file.equals(JENKINS)) {
            jenkinsAst().getStatementBlock().visit(new CodeVisitorSupport() {
                @Override
                public void visitMethodCallExpression(MethodCallExpression call) {
                    if (call.getMethodAsString().equals("sh") && call.getArguments() instanceof ArgumentListExpression args) {
                        for (Expression e : args.getExpressions()) {
                            if (e instanceof ConstantExpression c && c.getValue() instanceof String s) scripts.add(s);
                        }
                    }
                    super.visitMethodCallExpression(call);
                }
            });
        } else {
            JsonNode root = yaml(file);
            root.forEach(job -> {
                job.path("steps").forEach(step -> scripts.add(step.path("run").asText("")));
                for (String key : List.of("before_script", "script", "after_script")) job.path(key).forEach(line -> scripts.add(line.asText()));
            });
            root.path("jobs").forEach(job -> job.path("steps").forEach(step -> scripts.add(step.path("run").asText(""))));
        }
        List<String> out = new ArrayList<>();
        for (String script : scripts) {
            for (String line : script.replace("\\\n", " ").split("\n")) {
                String l = line.strip();
                if (l.startsWith("qualify ")) out.add(l);
            }
        }
        return out;
    }

    private static ModuleNode jenkinsAst() throws IOException {
        CompilationUnit unit = new CompilationUnit(new CompilerConfiguration());
        unit.addSource("Jenkinsfile", Files.readString(JENKINS, StandardCharsets.UTF_8));
        unit.compile(Phases.CONVERSION);
        return unit.getAST().getModules().get(0);
    }

    /** The command with each CI variable replaced by its sample; a variable without a sample is an error. */
    static String substitute(String command) {
        Matcher m = VARIABLE.matcher(command);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            String value = SAMPLES.get(name);
            if (value == null) throw new IllegalArgumentException("no sample value for " + name + " in: " + command);
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        return m.appendTail(sb).toString();
    }

    /** The words of a shell command line, quotes removed. */
    static List<String> words(String command) {
        return new StringTokenizer(command, StringMatcherFactory.INSTANCE.splitMatcher(),
                StringMatcherFactory.INSTANCE.quoteMatcher()).getTokenList();
    }
}
