import io.baetyl.function.image.DockerArchive;
import io.baetyl.function.maven.validation.BaseImageModules;
import io.baetyl.function.maven.validation.ModulesChecker;
import java.nio.file.Path;
import java.util.List;

/** Times the steps baetyl:package runs on every build that jib:buildTar does not, in one JVM, 5 times each. */
public class PluginPhases {
  public static void main(String[] args) throws Exception {
    Path baseTar = Path.of(args[0]);
    Path classes = Path.of(args[1]);
    Path imageTar = Path.of(args[2]);
    for (int i = 1; i <= 5; i++) {
      long t0 = System.nanoTime();
      int modules = BaseImageModules.fromDockerSaveTar(baseTar).orElseThrow().size();
      long t1 = System.nanoTime();
      int uses = new ModulesChecker(ModulesChecker.defaultRuntimeModules()).check(List.of(classes)).size();
      long t2 = System.nanoTime();
      int layers = DockerArchive.read(imageTar).layerDigests().size();
      long t3 = System.nanoTime();
      System.out.printf("run %d: base tar modules scan %d ms (%d modules), jdeps on classes %d ms (%d uses), "
          + "re-read output tar for layer digests %d ms (%d layers)%n", i, (t1 - t0) / 1_000_000, modules,
          (t2 - t1) / 1_000_000, uses, (t3 - t2) / 1_000_000, layers);
    }
  }
}
