package tinysns.coordinator;

/** What a registered process is: a server that clients can be assigned to, or a follower coordinator. */
public enum ServerRole {
    SERVER,
    FOLLOWER_COORDINATOR
}
