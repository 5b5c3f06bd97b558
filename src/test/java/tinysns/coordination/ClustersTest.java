package tinysns.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The assignment's rule, written out: users 1, 4, 7 in cluster 1; 2, 5 in cluster 2; 3, 6 in cluster 3. */
class ClustersTest {

    @ParameterizedTest
    @CsvSource({"1, 1", "2, 2", "3, 3", "4, 1", "5, 2", "6, 3", "7, 1", "2147483647, 1"})
    void userUBelongsToClusterUMinusOneModThreePlusOne(int user, int cluster) {
        assertEquals(cluster, Clusters.ofUser(user));
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1", "3, 3, 1", "4, 1, 2", "6, 3, 2", "7, 1, 3"})
    void synchronizerIWorksBesideServerOfItsCluster(int synchronizer, int cluster, int server) {
        assertEquals(cluster, Clusters.ofSynchronizer(synchronizer));
        assertEquals(server, Clusters.serverOfSynchronizer(synchronizer));
    }
}
