package kg.neo4jtest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;

/**
 * Neo4j Community embedded in a JVM with the Bolt connector on 127.0.0.1.
 *
 * <p>Why not the server tarball: Maven Central carries the embedded artifacts, so one
 * `mvn package` gives contributors and CI a real Neo4j without Docker. Authentication
 * stays on (with a known test password) so that the CLI's "wrong credentials" path can
 * be exercised against a real server.
 *
 * <p>Usage: {@code TestServer --home DIR --password PW --uri-file FILE [--port N] [--conf key=value]...}.
 * The URI file is written only once the default database accepts queries, so its
 * existence means "ready".
 */
public final class TestServer {

    private static final String USER = "neo4j";

    private TestServer() {}

    public static void main(String[] args) throws Exception {
        Path home = null;
        Path uriFile = null;
        String password = null;
        int port = 0;
        Map<String, String> extraConfig = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--home" -> home = Path.of(required(args[i], value));
                case "--uri-file" -> uriFile = Path.of(required(args[i], value));
                case "--password" -> password = required(args[i], value);
                case "--port" -> port = Integer.parseInt(required(args[i], value));
                case "--conf" -> {
                    String setting = required(args[i], value);
                    int equals = setting.indexOf('=');
                    if (equals < 1) {
                        throw new IllegalArgumentException("--conf expects key=value, got " + setting);
                    }
                    extraConfig.put(setting.substring(0, equals), setting.substring(equals + 1));
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
            i++;
        }
        if (home == null || uriFile == null || password == null) {
            throw new IllegalArgumentException("--home, --uri-file and --password are required");
        }
        if (port == 0) {
            port = freeLocalPort();
        }

        Path configFile = writeConfig(home, config(port, extraConfig));
        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .loadPropertiesFromFile(configFile)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            service.shutdown();
            stopped.countDown();
        }));

        setPassword(service.database("system"), password);
        GraphDatabaseService neo4j = service.database("neo4j");
        if (!neo4j.isAvailable(120_000)) {
            throw new IllegalStateException("database 'neo4j' did not become available");
        }

        String uri = "bolt://127.0.0.1:" + port;
        writeAtomically(uriFile, uri + "\n");
        System.out.println("READY " + uri);
        System.out.flush();
        stopped.await();
    }

    private static Map<String, String> config(int port, Map<String, String> extraConfig) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("server.bolt.enabled", "true");
        config.put("server.bolt.listen_address", "127.0.0.1:" + port);
        config.put("server.bolt.advertised_address", "127.0.0.1:" + port);
        config.put("dbms.security.auth_enabled", "true");
        // Tests deliberately log in with a wrong password; never lock the user out for it.
        config.put("dbms.security.auth_max_failed_attempts", "0");
        config.put("server.memory.pagecache.size", "256m");
        config.put("db.tx_log.rotation.retention_policy", "1 files");
        // Bolt waits 5 s per phase for idle clients on shutdown by default; tests stop servers often.
        config.put("internal.server.bolt.thread_pool_shutdown_wait_time", "1s");
        config.put("internal.server.bolt.connection_shutdown_wait_time", "1s");
        config.putAll(extraConfig);
        return config;
    }

    /** conf/neo4j.conf under the home: the neo4j-admin tools read the same file (NEO4J_CONF). */
    private static Path writeConfig(Path home, Map<String, String> config) throws IOException {
        StringBuilder text = new StringBuilder("# Written by kg's scripts/neo4j-test-server; rewritten on every start.\n");
        config.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Path file = home.resolve("conf").resolve("neo4j.conf");
        Files.createDirectories(file.getParent());
        writeAtomically(file, text.toString());
        return file;
    }

    /** Sets the known test password; on a restart the password is already set, which is fine. */
    private static void setPassword(GraphDatabaseService system, String password) {
        try {
            system.executeTransactionally(
                    "ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (QueryExecutionException error) {
            if (!String.valueOf(error.getMessage()).contains("Old password and new password cannot be the same")) {
                throw error;
            }
        }
    }

    private static int freeLocalPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void writeAtomically(Path target, String text) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String required(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
