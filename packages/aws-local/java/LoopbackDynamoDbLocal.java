import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Starts AWS's DynamoDB Local with its Jetty connector bound to one host.
 * DynamoDB Local has no host option and listens on all interfaces; this
 * launcher builds the server the way its own main() does, then sets the
 * connector's host (and port, so that 0 picks a free one) before starting.
 *
 * Usage: java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* LoopbackDynamoDbLocal.java HOST PORT [DynamoDB Local options]
 * Prints "LISTENING <port>" once the server accepts connections; exits when stdin closes
 * (the parent process went away).
 */
public class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: LoopbackDynamoDbLocal HOST PORT [options]");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    List<String> options = new ArrayList<>(Arrays.asList(args).subList(2, args.length));
    // The option parser rejects port 0; the real port is set on the connector below.
    options.add("-port");
    options.add("8000");

    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(options.toArray(new String[0]));
    Field serverField = DynamoDBProxyServer.class.getDeclaredField("server");
    serverField.setAccessible(true);
    Server server = (Server) serverField.get(proxy);

    List<ServerConnector> connectors = new ArrayList<>();
    for (Connector connector : server.getConnectors()) {
      if (!(connector instanceof ServerConnector)) {
        throw new IllegalStateException("unexpected connector " + connector.getClass().getName());
      }
      connectors.add((ServerConnector) connector);
    }
    if (connectors.size() != 1) {
      throw new IllegalStateException("expected one connector, found " + connectors.size());
    }
    ServerConnector connector = connectors.get(0);
    connector.setHost(host);
    connector.setPort(port);

    watchParent(proxy);
    proxy.start();
    System.out.println("LISTENING " + connector.getLocalPort());
    System.out.flush();
    proxy.join();
  }

  /** stdin is a pipe from the parent: end of input means the parent is gone. */
  private static void watchParent(DynamoDBProxyServer proxy) {
    Thread watcher = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // ignore input
        }
      } catch (Exception ignored) {
        // treat a broken pipe like end of input
      }
      try {
        proxy.stop();
      } catch (Exception ignored) {
        // exiting anyway
      }
      System.exit(0);
    }, "parent-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }
}
