package dev.qualify.cloud.greengrass;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecipesTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void jsonRecipeGetsDigestAlgorithmAndAGreengrassUriForEachArtifact() throws Exception {
        Path nested = Files.createDirectories(dir.resolve("com.example.A/2.0.0"));
        Files.writeString(nested.resolve("app.py"), "print('x')\n");
        Recipes.Prepared p = Recipes.prepare(b("""
                {"RecipeFormatVersion":"2020-01-25","ComponentName":"com.example.A","ComponentVersion":"2.0.0",
                 "Manifests":[{"Platform":{"os":"linux"},"Artifacts":[{"Uri":"s3://bucket/path/app.py","Unarchive":"NONE"}]}]}
                """), "a.json", dir);
        JsonNode art = p.recipe().path("Manifests").get(0).path("Artifacts").get(0);
        String expected = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(nested.resolve("app.py"))));
        assertThat(art.get("Uri").asText()).isEqualTo("greengrass:app.py");
        assertThat(art.get("Digest").asText()).isEqualTo(expected);
        assertThat(art.get("Algorithm").asText()).isEqualTo("SHA-256");
        assertThat(art.get("Unarchive").asText()).isEqualTo("NONE");
        assertThat(p.artifactFiles()).containsKey("app.py");
    }

    @Test
    void jsonThatIsNoYamlIsReadAsJsonTabIndentedWithEscapedSlashesAndAByteOrderMark() throws Exception {
        Files.writeString(dir.resolve("run.sh"), "echo x\n");
        byte[] json = b("\uFEFF{\n\t\"ComponentName\": \"com.example.Tabs\",\n\t\"ComponentVersion\": \"1.0.0\",\n"
                + "\t\"ComponentDescription\": \"a\\/b\",\n\t\"Manifests\": [\n\t\t{\"Artifacts\": [{\"Uri\": \"s3:\\/\\/b\\/run.sh\"}]}\n\t]\n}\n");
        Recipes.Prepared p = Recipes.prepare(json, "tabs.json", dir);
        assertThat(p.name()).isEqualTo("com.example.Tabs");
        assertThat(p.recipe().get("ComponentDescription").asText()).isEqualTo("a/b");
        assertThat(p.recipe().path("Manifests").get(0).path("Artifacts").get(0).get("Uri").asText()).isEqualTo("greengrass:run.sh");
    }

    @Test
    void badRecipesNameTheFileAndTheField() throws Exception {
        assertThatThrownBy(() -> Recipes.prepare(b("ComponentName: a.b\nComponentVersion: [unclosed"), "r.yaml", dir))
                .hasMessageStartingWith("r.yaml: the recipe is not valid YAML at line 2, column ");
        assertThatThrownBy(() -> Recipes.prepare(b("{\n  \"ComponentName\": \"a.b\",\n  \"ComponentVersion\": }"), "r.json", dir))
                .hasMessageStartingWith("r.json: the recipe is not valid JSON at line 3, column ");
        assertThatThrownBy(() -> Recipes.prepare(b("ComponentVersion: 1.0.0"), "r.yaml", dir))
                .hasMessage("r.yaml: ComponentName is missing");
        assertThatThrownBy(() -> Recipes.prepare(b("ComponentName: a.b"), "r.yaml", dir))
                .hasMessage("r.yaml: ComponentVersion is missing");
        assertThatThrownBy(() -> Recipes.prepare(b("ComponentName: a.b\nComponentVersion: '1.0'"), "r.yaml", dir))
                .hasMessageContaining("r.yaml: ComponentVersion '1.0' is not a semantic version");
        assertThatThrownBy(() -> Recipes.prepare(b("""
                ComponentName: a.b
                ComponentVersion: 1.0.0
                Manifests:
                  - Artifacts:
                      - Uri: s3://b/missing.zip
                """), "r.yaml", dir))
                .hasMessageContaining("r.yaml: Manifests[0].Artifacts[0].Uri: artifact 'missing.zip' not found");
        assertThatThrownBy(() -> Recipes.prepare(b("- a\n- b"), "r.yaml", dir)).hasMessageContaining("must be a mapping");
    }
}
