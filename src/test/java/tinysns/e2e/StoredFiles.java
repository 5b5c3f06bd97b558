package tinysns.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A tsd's data directory read back by a test, independently of the server's own loader: every line must be
 * complete and every post record whole (the server cuts a torn tail when it starts, so none may be left behind).
 */
final class StoredFiles {

    final List<String> users;
    /** Post texts by author, in file order. */
    final Map<Integer, List<String>> postsByAuthor = new HashMap<>();
    /** Follow changes ("3 follows 5") by follower, in file order. */
    final Map<Integer, List<String>> changesByFollower = new HashMap<>();

    private StoredFiles(List<String> users) {
        this.users = users;
    }

    static StoredFiles read(Path dir) throws IOException {
        StoredFiles files = new StoredFiles(completeLines(dir.resolve("users.txt")));
        for (String line : completeLines(dir.resolve("following.txt"))) {
            String[] words = line.split(" ");
            if (words.length != 5 || !(words[3].equals("follows") || words[3].equals("unfollows"))) {
                throw new AssertionError("following.txt: a malformed line '" + line + "'");
            }
            files.changesByFollower.computeIfAbsent(Integer.parseInt(words[2]), u -> new ArrayList<>())
                    .add(words[2] + " " + words[3] + " " + words[4]);
        }
        List<String> posts = completeLines(dir.resolve("posts.txt"));
        if (posts.size() % 4 != 0) {
            throw new AssertionError("posts.txt: " + posts.size() + " lines, not whole records of four: a torn record");
        }
        for (int i = 0; i < posts.size(); i += 4) {
            if (!posts.get(i).startsWith("T ") || !posts.get(i + 1).startsWith("U ") || !posts.get(i + 2).startsWith("W ")
                    || !posts.get(i + 3).isEmpty()) {
                throw new AssertionError("posts.txt: a malformed record at line " + (i + 1) + ": " + posts.subList(i, i + 4));
            }
            files.postsByAuthor.computeIfAbsent(Integer.parseInt(posts.get(i + 1).substring(2)), u -> new ArrayList<>())
                    .add(posts.get(i + 2).substring(2));
        }
        return files;
    }

    private static List<String> completeLines(Path file) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError(file.getFileName() + " ends in a torn line: '"
                    + text.substring(text.lastIndexOf('\n') + 1) + "'");
        }
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }
}
