package dev.rpc.discovery.zookeeper;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * The access control list a {@link ZooKeeperServiceDiscovery} gives every znode it creates: the base path, the
 * {@code services} znode, each service's znodes and each provider entry.
 *
 * <p>ZooKeeper checks a permission on the znode an operation touches: creating or deleting a provider entry
 * needs CREATE or DELETE on its service's {@code providers} znode, changing an entry needs WRITE on the entry,
 * changing an ACL needs ADMIN. See {@code docs/DISCOVERY.md}, section "Security", for the layout and what an
 * attacker who can reach ZooKeeper can still do.
 */
public enum ZooKeeperAcl {

    /**
     * ZooKeeper's open ACL, {@code world:anyone} with every permission: anyone who can reach ZooKeeper may
     * register, change or remove providers. The default when the discovery has no credentials, as in versions
     * without this setting.
     */
    OPEN(ZooDefs.Ids.OPEN_ACL_UNSAFE),

    /**
     * {@code world:anyone} may read (clients need no credentials to find providers); the identity that created a
     * znode, that is the discovery's credentials ({@link ZooKeeperAuth}), has every permission. So only processes
     * that authenticate as that identity may register, change or remove providers. Needs credentials; the default
     * when they are given.
     *
     * <p>With this ACL the discovery also makes sure, when it is created, that the base path and its
     * {@code services} znode are persistent znodes that only this identity may change (it creates them if they are
     * missing), and refuses to start on a tree that anyone may write (see {@link ZooKeeperAccessException}).
     */
    CREATOR_WRITES(List.of(new ACL(ZooDefs.Perms.READ, ZooDefs.Ids.ANYONE_ID_UNSAFE),
            new ACL(ZooDefs.Perms.ALL, ZooDefs.Ids.AUTH_IDS)));

    private final List<ACL> acl;

    ZooKeeperAcl(List<ACL> acl) {
        // not List.copyOf: ZooKeeper asks the list whether it contains null, which immutable lists refuse to answer
        this.acl = Collections.unmodifiableList(new ArrayList<>(acl));
    }

    /** Returns the ACL given to each znode created, as ZooKeeper takes it. */
    List<ACL> acl() {
        return acl;
    }
}
