package tinysns.coordinator;

/** What a registered process is: a server that clients can be assigned to, or a follower coordinator. */
public enum ServerRole {
    SERVER,
    FOLLOWER_COORDINATOR,
    /** Registered in a slot range of its own: synchronizer i and server i of a cluster are different processes. */
    SYNCHRONIZER
}
