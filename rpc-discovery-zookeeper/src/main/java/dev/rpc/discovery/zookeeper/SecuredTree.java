package dev.rpc.discovery.zookeeper;

import java.util.ArrayList;
import java.util.List;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * Prepares the tree of a discovery whose znodes are {@link ZooKeeperAcl#CREATOR_WRITES}, when it is created:
 *
 * <pre>
 * /rpc                      persistent   world:anyone r, creator cdrwa   ← created here if missing
 * └── services              persistent   world:anyone r, creator cdrwa   ← created here if missing
 *     └── &lt;service&gt;         container    world:anyone r, creator cdrwa   ← checked here if present
 *         └── providers     container    world:anyone r, creator cdrwa   ← checked here if present
 *             └── host:port ephemeral    world:anyone r, creator cdrwa
 * </pre>
 *
 * <p>The base path and {@code services} are created persistent so that the base path is never empty: ZooKeeper's
 * root lets anyone delete an empty child by default, and a base path deleted so would be free for anyone to create
 * again, with their own ACL. (Whether an existing znode is a container cannot be checked: ZooKeeper shows a
 * container's stat as a persistent znode's.) Every znode checked must let {@code world:anyone} read at most; one that
 * lets anyone create, delete, write or change its ACL (left by a deployment without credentials, or planted by
 * someone) makes the discovery refuse to start, since providers listed below it could be anyone's.
 */
final class SecuredTree {

    private SecuredTree() {
    }

    /**
     * Creates what is missing and checks what exists.
     * @throws ZooKeeperAccessException if a znode may be written by anyone, or may not be created or read by this
     *         identity
     * @throws ZooKeeperUnavailableException if ZooKeeper is lost meanwhile
     */
    static void prepare(CuratorFramework client, String basePath, String connectString) {
        String services = ZKPaths.makePath(basePath, "services");
        try {
            createPersistent(client, basePath);
            createPersistent(client, services);
            check(client, basePath);
            check(client, services);
            List<String> children;
            try {
                children = client.getChildren().forPath(services);
            }
            catch (KeeperException.NoNodeException ex) {
                children = List.of();
            }
            for (String service : children) {
                String servicePath = ZKPaths.makePath(services, service);
                check(client, servicePath);
                check(client, ZKPaths.makePath(servicePath, "providers"));
            }
        }
        catch (ZooKeeperAccessException ex) {
            throw ex;
        }
        catch (KeeperException.NoAuthException ex) {
            throw new ZooKeeperAccessException(ex.getPath(), "ZooKeeper at " + connectString + " refused this process "
                    + "access to " + ex.getPath() + " (NOAUTH): it belongs to another identity; authenticate as that "
                    + "identity, or let an administrator create " + basePath + " for this one", ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ZooKeeperUnavailableException(connectString, "Interrupted while preparing " + basePath
                    + " in ZooKeeper at " + connectString, ex);
        }
        catch (KeeperException ex) {
            throw new ZooKeeperUnavailableException(connectString, "Could not prepare " + basePath + " in ZooKeeper at "
                    + connectString + ": " + ex.getMessage(), ex);
        }
        catch (RuntimeException ex) {
            throw ex;
        }
        catch (Exception ex) {
            throw new IllegalStateException("Could not prepare " + basePath + " in ZooKeeper at " + connectString, ex);
        }
    }

    private static void createPersistent(CuratorFramework client, String path) throws Exception {
        if (client.checkExists().forPath(path) != null) {
            return; // not created blindly: ZooKeeper checks CREATE on the parent before it sees that the node exists
        }
        try {
            // the parents of a nested base path are persistent too, with the same ACL
            client.create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(path, new byte[0]);
        }
        catch (KeeperException.NodeExistsException ex) {
            // checked next
        }
    }

    private static void check(CuratorFramework client, String path) throws Exception {
        List<ACL> acl;
        try {
            acl = client.getACL().forPath(path);
        }
        catch (KeeperException.NoNodeException ex) {
            return; // a container removed meanwhile: created again with this discovery's ACL
        }
        int open = 0;
        for (ACL entry : acl) {
            if (ZooDefs.Ids.ANYONE_ID_UNSAFE.equals(entry.getId())) {
                open |= entry.getPerms() & ~ZooDefs.Perms.READ;
            }
        }
        if (open != 0) {
            throw new ZooKeeperAccessException(path, "ZooKeeper znode " + path + " lets anyone who can reach ZooKeeper "
                    + "change it (world:anyone may " + permissions(open) + "): it was created without credentials, or by "
                    + "someone else, so providers listed below it could be anyone's. Remove it while no provider is "
                    + "registered (zkCli: deleteall " + path + "), so that the discovery creates it with its ACL", null);
        }
    }

    private static String permissions(int perms) {
        List<String> names = new ArrayList<>();
        add(names, perms, ZooDefs.Perms.CREATE, "create");
        add(names, perms, ZooDefs.Perms.DELETE, "delete");
        add(names, perms, ZooDefs.Perms.WRITE, "write");
        add(names, perms, ZooDefs.Perms.ADMIN, "admin");
        return String.join(", ", names);
    }

    private static void add(List<String> names, int perms, int perm, String name) {
        if ((perms & perm) != 0) {
            names.add(name);
        }
    }
}
