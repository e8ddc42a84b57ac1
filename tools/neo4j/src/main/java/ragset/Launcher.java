package ragset;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts a throwaway Neo4j (in-process harness: Bolt on a free 127.0.0.1 port, auth off,
 * no HTTP) and prints one line, {@code NEO4J_URI=bolt://127.0.0.1:<port>}, when it accepts
 * connections. It stops cleanly when standard input closes (the parent went away) or on
 * SIGTERM/SIGINT, and the harness deletes its store.
 *
 * <p>Arguments: {@code [workDir] [pageCacheMegabytes]}; the store lives under workDir
 * (default: the system temp dir).
 */
public final class Launcher {
  private Launcher() {}

  public static void main(String[] args) throws Exception {
    Path workDir = args.length > 0 ? Path.of(args[0]) : Path.of(System.getProperty("java.io.tmpdir"));
    long pageCacheMegabytes = args.length > 1 ? Long.parseLong(args[1]) : 512;
    Files.createDirectories(workDir);

    Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(workDir)
        .withDisabledServer()
        .withConfig(GraphDatabaseSettings.auth_enabled, false)
        .withConfig(BoltConnector.enabled, true)
        .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", 0))
        .withConfig(GraphDatabaseSettings.pagecache_memory, pageCacheMegabytes * 1024 * 1024)
        // Bolt otherwise waits 5 s twice on shutdown for connections that a throwaway server never drains.
        .withConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(200))
        .withConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(200))
        .build();

    Runtime.getRuntime().addShutdownHook(new Thread(neo4j::close, "neo4j-shutdown"));

    System.out.println("NEO4J_URI=" + neo4j.boltURI());
    System.out.flush();

    waitForEndOfInput(System.in);
    // Leaving main through System.exit runs the shutdown hook exactly once.
    System.exit(0);
  }

  private static void waitForEndOfInput(InputStream in) {
    byte[] buffer = new byte[256];
    try {
      while (in.read(buffer) >= 0) {
        // Input is ignored; only its end matters.
      }
    } catch (IOException closed) {
      // A broken pipe means the parent is gone: stop as for end of input.
    }
  }
}
