package tinysns.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tinysns.protocol.WireLimits;
import tinysns.protocol.proto.Confirmation;
import tinysns.protocol.proto.Envelope;
import tinysns.protocol.proto.Envelope.BodyCase;
import tinysns.protocol.proto.ErrorCode;
import tinysns.protocol.proto.ListReply;
import tinysns.protocol.proto.Message;
import tinysns.protocol.proto.ServerInfo;
import tinysns.protocol.proto.TimelineOpened;
import tinysns.rpc.RequestContext;
import tinysns.rpc.RequestDispatcher;
import tinysns.rpc.RpcServer;

/**
 * The client against a scripted stand-in that plays both the coordinator and the SNS server, so every line of
 * docs/CONTRACT.md section 4 can be provoked on purpose.
 */
class ClientAppTest {

    private static final long FEB_1_2018_234725_UTC = 1517528845000L;
    private static final Envelope OK = Envelope.newBuilder().setConfirmation(Confirmation.newBuilder().setStatus(true)).build();

    private final List<RequestContext> timelines = new CopyOnWriteArrayList<>();
    private final List<String> posts = new CopyOnWriteArrayList<>();
    private RpcServer standIn;
    private ClientHarness client;

    @BeforeEach
    void startStandIn() throws Exception {
        int[] port = new int[1];
        RequestDispatcher dispatcher = RequestDispatcher.builder()
                .on(BodyCase.GET_SERVER, (request, context) -> {
                    if (request.getGetServer().getId() == 5) {
                        context.replyError(ErrorCode.NO_SERVER, "no live server in cluster 2");
                    } else if (request.getGetServer().getId() == 6) {
                        context.reply(Envelope.newBuilder().setServerInfo(ServerInfo.newBuilder().setHostname("127.0.0.1").setPort(1)).build());
                    } else {
                        context.reply(Envelope.newBuilder().setServerInfo(
                                ServerInfo.newBuilder().setServerId(1).setHostname("127.0.0.1").setPort(port[0])).build());
                    }
                })
                .on(BodyCase.LOGIN, (request, context) -> {
                    if (request.getLogin().getUsername().equals("9")) {
                        context.replyError(ErrorCode.ALREADY_LOGGED_IN, "user 9 is connected from another client");
                    } else {
                        context.reply(OK);
                    }
                })
                .on(BodyCase.FOLLOW, (request, context) -> {
                    switch (request.getFollow().getArguments(0)) {
                        case "2" -> context.reply(OK);
                        case "1" -> context.replyError(ErrorCode.ALREADY_EXISTS, "already");
                        default -> context.replyError(ErrorCode.INVALID_USERNAME, "no such user");
                    }
                })
                .on(BodyCase.UNFOLLOW, (request, context) -> {
                    switch (request.getUnfollow().getArguments(0)) {
                        case "3" -> context.replyError(ErrorCode.NOT_A_FOLLOWER, "not followed");
                        case "x" -> context.replyError(ErrorCode.INVALID_ARGUMENT, "username must be numeric");
                        default -> context.replyError(ErrorCode.INTERNAL, "disk on fire");
                    }
                })
                .on(BodyCase.LIST, (request, context) -> context.reply(Envelope.newBuilder().setListReply(
                        ListReply.newBuilder().addAllAllUsers(List.of("1", "4")).addFollowers("1")).build()))
                .on(BodyCase.TIMELINE, (request, context) -> {
                    context.reply(Envelope.newBuilder().setTimelineOpened(TimelineOpened.newBuilder()
                            .addRecent(Message.newBuilder().setUsername("4").setMsg("newer").setTimestampMillis(FEB_1_2018_234725_UTC + 1000))
                            .addRecent(Message.newBuilder().setUsername("4").setMsg("older").setTimestampMillis(FEB_1_2018_234725_UTC))).build());
                    timelines.add(context);
                })
                .on(BodyCase.POST, (request, context) -> {
                    if (request.getPost().getMsg().length() > 4096) {
                        context.replyError(ErrorCode.TOO_LARGE, "longer than 4096 characters (this one has "
                                + request.getPost().getMsg().length() + ")");
                        return;
                    }
                    posts.add(request.getPost().getUsername() + ":" + request.getPost().getMsg());
                    context.reply(OK);
                })
                .build();
        standIn = RpcServer.start("127.0.0.1", 0, 1, WireLimits.DEFAULT, dispatcher);
        port[0] = standIn.port();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        standIn.close();
    }

    private ClientHarness startClient(int userId) {
        client = new ClientHarness(new ClientConfig("127.0.0.1", standIn.port(), userId));
        return client;
    }

    private void awaitOutput(String expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.output().contains(expected));
    }

    private int exitCode() throws Exception {
        return client.exitCode().get(15, TimeUnit.SECONDS);
    }

    @Test
    void startsWithTheBannerThenThePrompt() throws Exception {
        startClient(1);
        awaitOutput(OutputLines.BANNER + System.lineSeparator() + "Cmd> ");
        client.endInput();
        assertEquals(0, exitCode());
    }

    @Test
    void everyCommandOutcomePrintsTheAssignmentsLine() throws Exception {
        startClient(1);
        for (String line : List.of("FOLLOW 2", "follow 1", "FOLLOW 77", "UNFOLLOW 3", "unfollow x", "UNFOLLOW 8",
                "FOLLOW", "DANCE", "LIST")) {
            client.type(line);
        }
        client.endInput();
        assertEquals(0, exitCode());
        String n = System.lineSeparator();
        assertTrue(client.output().endsWith(
                "Cmd> Command completed successfully" + n
                        + "Cmd> Input username already exists, command failed" + n
                        + "Cmd> Command failed with invalid username" + n
                        + "Cmd> Command failed with not a follower" + n
                        + "Cmd> Command failed with invalid command" + n
                        + "Cmd> Command failed with unknown reason" + n
                        + "Cmd> Invalid Input -- No Arguments Given" + n
                        + "Cmd> Invalid Command" + n
                        + "Cmd> Command completed successfully" + n
                        + "All users: 1, 4, " + n
                        + "Followers: 1, " + n
                        + "Cmd> "), client.output());
    }

    @Test
    void timelineShowsRecentPostsThenLivePostsAndPostsWhatIsTyped() throws Exception {
        startClient(1);
        client.type("TIMELINE");
        awaitOutput("Command completed successfully" + System.lineSeparator() + "Now you are in the timeline"
                + System.lineSeparator() + "4 (Thu Feb  1 23:47:26 2018) >> newer"
                + System.lineSeparator() + "4 (Thu Feb  1 23:47:25 2018) >> older" + System.lineSeparator());
        await().atMost(Duration.ofSeconds(5)).until(() -> timelines.size() == 1);
        timelines.get(0).push(Envelope.newBuilder().setTimelinePost(
                Message.newBuilder().setUsername("4").setMsg("live!").setTimestampMillis(FEB_1_2018_234725_UTC + 60_000)).build());
        awaitOutput("4 (Thu Feb  1 23:48:25 2018) >> live!");
        client.type("hello followers");
        await().atMost(Duration.ofSeconds(5)).until(() -> posts.contains("1:hello followers"));
        client.endInput();
        assertEquals(0, exitCode());
    }

    @Test
    void aTooLongPostInTimelineModeSaysWhyAndTheClientCarriesOn() throws Exception {
        startClient(1);
        client.type("TIMELINE");
        awaitOutput("Now you are in the timeline");
        client.type("y".repeat(5000));
        awaitOutput("Post failed: longer than 4096 characters (this one has 5000)" + System.lineSeparator());
        client.type("short one");
        await().atMost(Duration.ofSeconds(5)).until(() -> posts.contains("1:short one"));
        client.endInput();
        assertEquals(0, exitCode());
        assertTrue(!client.output().contains("unknown reason"), client.output());
    }

    @Test
    void aCoordinatorThatIsDownFailsTheStartWithOneLine() throws Exception {
        int port = standIn.port();
        standIn.close();
        client = new ClientHarness(new ClientConfig("127.0.0.1", port, 1));
        assertEquals(1, exitCode());
        assertEquals("connection failed: cannot reach coordinator at 127.0.0.1:" + port + System.lineSeparator(), client.errors());
    }

    @Test
    void aClusterWithNoServerFailsTheStartNamingTheCluster() throws Exception {
        startClient(5);
        assertEquals(1, exitCode());
        assertEquals("connection failed: no server available for cluster 2" + System.lineSeparator(), client.errors());
    }

    @Test
    void anAssignedServerThatDoesNotAnswerFailsTheStart() throws Exception {
        startClient(6);
        assertEquals(1, exitCode());
        assertEquals("connection failed: cannot connect to server 127.0.0.1:1" + System.lineSeparator(), client.errors());
    }

    @Test
    void aUserLoggedInElsewhereIsRefused() throws Exception {
        startClient(9);
        assertEquals(1, exitCode());
        assertEquals("connection failed: user 9 is already logged in" + System.lineSeparator(), client.errors());
    }

    @Test
    void inCommandModeALostServerIsReportedAndEveryCommandSaysItIsUnavailable() throws Exception {
        startClient(1);
        awaitOutput("Cmd> ");
        standIn.close();
        String unavailable = "Command failed: server 127.0.0.1:" + standIn.port() + " is unavailable";
        awaitOutput(unavailable);
        client.type("LIST");
        client.type("TIMELINE");
        client.endInput();
        assertEquals(0, exitCode());
        String out = client.output();
        assertEquals(3, out.split(java.util.regex.Pattern.quote(unavailable), -1).length - 1, out);
        assertTrue(out.endsWith(unavailable + System.lineSeparator() + "Cmd> "), "the prompt came back: " + out);
    }

    @Test
    void inTimelineModeALostServerEndsTheClientWithExitCodeOneWithoutAnyTyping() throws Exception {
        startClient(1);
        client.type("TIMELINE");
        awaitOutput("Now you are in the timeline");
        standIn.close();
        assertEquals(1, exitCode());
        assertTrue(client.output().endsWith("Command failed: server 127.0.0.1:" + standIn.port() + " is unavailable"
                + System.lineSeparator()), client.output());
    }
}
