package io.jrestic.chunker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jrestic.id.Id;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** §13.4–§13.7: restic's cut points, checked against chunk lists that stock restic produced. */
class ChunkerTest {
    private static final Polynomial P = Polynomial.parse("3da3358b4dc173");
    private static final Polynomial P_B = Polynomial.parse("300e027d011b53");
    private static final String ZERO_CHUNK_SHA256 = "07854d2fef297a06ba81685e660c332de36d5d18d546927d30daad6d7fda1541";
    private static final int VECTOR_LENGTH = 32 * 1024 * 1024;
    /** The "SHA256-CTR" stream of §13.7, 32 MiB. */
    private static final byte[] SHA256_CTR = sha256Ctr(VECTOR_LENGTH);

    /** Vector A (§13.7): start, length, cut fingerprint ("final" for the last chunk), SHA-256 of the chunk. */
    private static final String[] VECTOR_A = {
        "0 1015968 0x001051a055300000 f3d509f80ced030c820556a720ed8a395ba468bf124218fde1df63139d2df0ae",
        "1015968 1087132 0x000e8c1a55300000 a5e07d7324e2fdcc706d70f39cf41e7045abddb793548406951eae3fbb7260f4",
        "2103100 693439 0x000c0ae224600000 10b46118bf46f7b5054ee5e19d93a6c022636835115c136c98013c2ddf7fbcbd",
        "2796539 2344058 0x000cb24676900000 0f8c4a4ff60f6c0316c2f53f6b04ca55d9b5d68c90288ebf537374ce93a5b235",
        "5140597 903280 0x00029da140500000 5647a39c8263e250dad1dd2b7b6cc176fdbd81fcf43be0658770d48cc5af7317",
        "6043877 1709091 0x001f1e119c800000 9bd9c9f3a863b862524ccc5b7d0235cc9a7a665bb2d4eabff73211f51357e161",
        "7752968 1791277 0x0002af80b1400000 2456d6222d1ec9580910803169667a5037b3badc1fed91d0a4c2adc6b05d936b",
        "9544245 1802453 0x00040aca61100000 18a83fd6c22e203b6a607c4dfdbda600c2e9398abb10192efee2829fb4848438",
        "11346698 1190352 0x001ef2be1c000000 5b142bd3bcf6b1a8a1a5f84efe79af6a25c08b4290f4f992247da868c3b9c5b8",
        "12537050 528291 0x000b3f8771600000 1d84450ab74ab66f6f27ff5d39568868ba6550505280d933f7906905e885099e",
        "13065341 868679 0x0004bca4b3400000 d5887d93b65c1396ad8f8303021e43968a89531f3f9045d22627853932002eaf",
        "13934020 1105126 0x001d27f356a00000 7d8eec1f48a4cc758b6ff9d750b839e1b6a97fbeda6bac317a12882f72bf1416",
        "15039146 1847403 0x0015356ad1f00000 e87fdb97d1718be682065d9309d320259b6239f12c76d989afe6e75342d9a739",
        "16886549 1069115 0x000afdd4d0300000 79900e33e13922f7271973f47a6fa5912d77564f5fc57fd70989c43bc6adada3",
        "17955664 789535 0x0012f47f1d300000 a602332df45c3c07c44614682fefb7705f885eff7dd4369d27a027cb8e8ff402",
        "18745199 691238 0x0009d5a66b300000 31e2f4a280a16b2a429ec5af5412b09e39c23a3fd1ab16ef2be4f7d5d4719aa8",
        "19436437 1662910 0x000a444986100000 a40fb86d7910b3654065cd1a9faa2acfded44f83c076c5feddf671f8e87cd28d",
        "21099347 569729 0x0019fb2b46c00000 bbc8ab90e1927defe59e186bb920e5a589db3b079b9544e7ba4a8a4c66e759f9",
        "21669076 3507138 0x0019c1fd6fc00000 86f9fcb6996e922a8b67689359b9ed24e59a6cda86c703a2b52165a0255cecc6",
        "25176214 2066827 0x001178d994900000 e0eeafc847a61771efa9b4e7f4e88bf3dafe2ebbfb0ecc3cbfedee98e968c8c2",
        "27243041 599745 0x001bccdd85600000 d27d28339ed3f081b23ca8ec4bcaa261704d1645ba1f50ad6c85b81be63c4ffc",
        "27842786 617098 0x000a5ddc87500000 b6db6e1d483792dc8ac2b1d0f6a8c31b64ecd40a7ba09972368af6fd5c8a984c",
        "28459884 2039634 0x000b072741b00000 95a6a5e46d94305db83dc2967ba39da0d0c09d3698881e87d175b79a84f48978",
        "30499518 658998 0x001687499b100000 d24616592dfb606254e51def8b060410dfb50589cf2b71bd43b05a4bfb68691f",
        "31158516 1328800 0x0000d2fdb2e00000 33ac11f6b26c5693246ee1f83421ab68033aa0e1f030ce0d9a561352baafe2a0",
        "32487316 1067116 final c36d77cdd5ad7c13e5d6e089a703e9f782fa5751ef110d18334e3096df737530",
    };

    /** Vector B (§13.7): the same input with P = 300e027d011b53. */
    private static final String[] VECTOR_B = {
        "0 5197015 0x00004177ccf00000 2b163a265bcd72520a19329f1c4e9b04878fe322a806eaba03cc20235e2314ce",
        "5197015 725723 0x0000b42bfcf00000 264dbe9499537ed51da72716ee5db0dd51cab4b634ac0fff88a010749bc8c27d",
        "5922738 688644 0x000291cfdee00000 1658b8c59337ed61043b2197693e5bd66a5610de1828b23452b7b70d4df7f8be",
        "6611382 2050112 0x0010160777600000 3f5d2627f8bf5b90bdc07e0c0f6d7e78d8ae7d63d72eecf948a59819bd76d70e",
        "8661494 764631 0x0005040ca6500000 d86b8a01b6ce019573a6f73cb5b6fd53d5900eff203a239d84b451e7cd44b904",
        "9426125 1322156 0x000b1e33b9600000 1e5e60e42ef5cfda41ef0f0925a718f6ada65849242100a85ce3504548676523",
        "10748281 548348 0x00191a992e500000 4eb999d9ce7925315a017924a4bbce339f5da66a85cdbd6ca5164a606232046b",
        "11296629 2582761 0x000cd0d2b0100000 505575286939e9e7c787929a642bbb326fd18a6f1124cc89028aa534d0c59f31",
        "13879390 1270713 0x00058419a0f00000 c8e1f689195a77966a4262ea43e56eb640b41d76dc685348760abf196f6cb9d5",
        "15150103 2427640 0x0000adfb25c00000 d823d6a7b74a66c12ac779f19d80d502ae90e5658c8497b04606d0e1c829ef23",
        "17577743 2936395 0x000d921450400000 e7981953939d58ad7b51daafff1ac2f6ef6722fdc85b402ea5f4d0b5be7eebad",
        "20514138 2697853 0x001d9efe49400000 d11f37ea128189405f9e4de4610baf49fbb759ee95025393fb33efc61f00021e",
        "23211991 2824094 0x0015e1f90fc00000 8623f777057fef775647a597d2dd976a21408fd5173bb30eda169a32cdccaf9d",
        "26036085 1258663 0x001dac37ba400000 2194018bb39d881323bc1170b7a0473d9a1707c22f730a3c13c6a28f7cf1714f",
        "27294748 957816 0x0002f2be5eb00000 3ad76dcd385e18325930dbb2c66f6ccccc68bdb223659426ee76630decbe5b11",
        "28252564 1524956 0x00025bc774900000 450c32900403235d7deb4b2456fb18b187435437bc75bc28ba2ba581bf7a6029",
        "29777520 1172362 0x00157955af900000 5affadd1b931f3c7b911855312db8b476fb52c468f43be0762e9a5a5dfd4434d",
        "30949882 938001 0x0000dd2b44800000 2801aefc2dbaf998e7733622fb16c3f36f18942d3799ab1ed0147cc078f6be6d",
        "31887883 1666549 final a121973bb589db040abc29a186fb730b8b2daee84ab09739132347f238138ce9",
    };

    @Test
    void inputStreamIsTheSpecifiedSha256Ctr() {
        assertEquals("e8b10ee1485f66037afca792113ce0e75116962aeda104b71a9fdaf0a8ec896b", sha256(SHA256_CTR));
    }

    @Test
    void vectorA() throws IOException {
        assertChunks(VECTOR_A, chunks(P, new ByteArrayInputStream(SHA256_CTR)));
    }

    @Test
    void vectorB() throws IOException {
        assertChunks(VECTOR_B, chunks(P_B, new ByteArrayInputStream(SHA256_CTR)));
    }

    @Test
    void vectorCTruncatedStreamEndsInAShortFinalChunk() throws IOException {
        String[] expected = Arrays.copyOf(VECTOR_A, 5);
        expected[4] = "5140597 102290 final 7608dc9a22e7c500b23c3a23233a039b5969c68404202ad130afbc788f837279";
        assertChunks(expected, chunks(P, new ByteArrayInputStream(SHA256_CTR, 0, 5 * 1024 * 1024 + 7)));
    }

    @Test
    void zerosAreCutEveryMinSize() throws IOException {
        // chunks2 of §13.6 (4 × 512 KiB) and vector E of §13.7 (9 MiB): the fingerprint of 64 zero bytes is 0
        for (int count : new int[] {4, 18}) {
            List<Chunk> chunks = chunks(P, new ByteArrayInputStream(new byte[count * Chunker.MIN_SIZE]));
            assertEquals(count, chunks.size());
            for (Chunk chunk : chunks) {
                assertEquals(Chunker.MIN_SIZE, chunk.length());
                assertEquals(0, chunk.cutFingerprint());
                assertEquals(ZERO_CHUNK_SHA256, sha256(chunk.data()));
            }
        }
    }

    @Test
    void emptyStreamHasNoChunks() throws IOException {
        assertEquals(List.of(), chunks(P, InputStream.nullInputStream()));
    }

    @Test
    void streamUpToMinSizeIsOneChunk() throws IOException {
        for (int length : new int[] {1, 63, 64, 65, Chunker.MIN_SIZE - 1, Chunker.MIN_SIZE}) {
            byte[] data = Arrays.copyOf(SHA256_CTR, length);
            List<Chunk> chunks = chunks(P, new ByteArrayInputStream(data));
            assertEquals(1, chunks.size());
            assertEquals(sha256(data), sha256(chunks.getFirst().data()));
        }
    }

    @Test
    void noCutPointMeansMaxSizeChunks() throws IOException {
        // a byte string whose every 64-byte window has a nonzero fingerprint's low bits: 0x01 repeated
        byte[] ones = new byte[2 * Chunker.MAX_SIZE + 5];
        Arrays.fill(ones, (byte) 1);
        Chunker chunker = Chunker.of(P);
        long window = chunker.fingerprint(ones, 0, Chunker.WINDOW_SIZE);
        assertTrue((window & Chunker.SPLIT_MASK) != 0, "precondition: the window of ones is no cut");
        List<Chunk> chunks = chunks(P, new ByteArrayInputStream(ones));
        assertEquals(List.of(Chunker.MAX_SIZE, Chunker.MAX_SIZE, 5), chunks.stream().map(Chunk::length).toList());
        assertEquals(window, chunks.getFirst().cutFingerprint());
    }

    @Test
    void chunksDoNotDependOnHowTheStreamSplitsItsReads() throws IOException {
        List<Chunk> whole = chunks(P, new ByteArrayInputStream(SHA256_CTR));
        assertEquals(whole, chunks(P, new RaggedInputStream(SHA256_CTR, VECTOR_LENGTH, 100_000, 1)));
        int cLength = 5 * 1024 * 1024 + 7;
        assertEquals(whole.subList(0, 4), chunks(P, new RaggedInputStream(SHA256_CTR, cLength, 3, 2)).subList(0, 4));
    }

    @Test
    void findCutResumesWhereItStoppedAndAgreesWithTheReader() {
        Chunker chunker = Chunker.of(P);
        List<Integer> lengths = new ArrayList<>();
        var random = new SplittableRandom(3);
        int start = 0;
        int scannedTo = 0;
        int end = 0;
        while (start < VECTOR_LENGTH) {
            int length = chunker.findCut(SHA256_CTR, start, scannedTo, end);
            if (length > 0) {
                lengths.add(length);
                start += length;
                scannedTo = start;
                end = Math.max(end, start);
            } else if (end == VECTOR_LENGTH) {
                lengths.add(end - start);
                start = end;
            } else {
                scannedTo = end;
                end = Math.min(VECTOR_LENGTH, end + 1 + random.nextInt(300_000));
            }
        }
        List<Integer> expected = Arrays.stream(VECTOR_A).map(row -> Integer.parseInt(row.split(" ")[1])).toList();
        assertEquals(expected, lengths);
    }

    @Test
    void findCutFindsTheEarliestOfSeveralNearbyCutPoints() {
        // 64 zero bytes have fingerprint 0, so planting zero windows places cut points at will; several within a
        // few KiB of each other, in random order, exercise the search over interleaved stretches
        Chunker chunker = Chunker.of(P);
        long[] outReference = new long[256];
        for (int b = 0; b < 256; b++) {
            long h = b;
            for (int i = 1; i < Chunker.WINDOW_SIZE; i++) h = Polynomial.mod(h << 8, P.value());
            outReference[b] = h;
        }
        var random = new SplittableRandom(5);
        int length = Chunker.MIN_SIZE + 80 * 1024;
        for (int trial = 0; trial < 150; trial++) {
            byte[] data = new byte[length];
            random.nextBytes(data);
            for (int k = 0; k < 3; k++) {
                int end = Chunker.MIN_SIZE + random.nextInt(length - Chunker.MIN_SIZE + 1);
                Arrays.fill(data, end - Chunker.WINDOW_SIZE, end, (byte) 0);
            }
            assertEquals(firstCutByDefinition(data, outReference), chunker.findCut(data, 0, 0, length), "trial " + trial);
        }
    }

    /** §13.4 with one GF(2) reduction per byte: the first L ≥ MIN whose window's fingerprint has 20 low zero bits. */
    private static int firstCutByDefinition(byte[] data, long[] outReference) {
        long h = 0;
        for (int i = Chunker.MIN_SIZE - Chunker.WINDOW_SIZE; i < data.length; i++) {
            int outgoing = i >= Chunker.MIN_SIZE ? data[i - Chunker.WINDOW_SIZE] & 0xff : 0;
            h = Polynomial.mod((h ^ outReference[outgoing]) << 8 | (data[i] & 0xff), P.value());
            if (i + 1 >= Chunker.MIN_SIZE && (h & Chunker.SPLIT_MASK) == 0) return i + 1;
        }
        return -1;
    }

    @Test
    void findCutChecksItsRange() {
        Chunker chunker = Chunker.of(P);
        assertThrows(IndexOutOfBoundsException.class, () -> chunker.findCut(new byte[10], 0, 0, 11));
        assertThrows(IndexOutOfBoundsException.class, () -> chunker.findCut(new byte[10], 5, 4, 10));
        assertEquals(-1, chunker.findCut(new byte[10], 0, 0, 10));
    }

    @Test
    void tableSpotValues() {
        Chunker chunker = Chunker.of(P);
        long[][] rows = {
            {0, 0x0L, 0x0L},
            {1, 0x17eb4232e19216L, 0x3da3358b4dc173L},
            {2, 0x1275b1ee8ee55fL, 0x46e55e9dd64395L},
            {128, 0x5b54453ea6b5cL, 0x1012ab55b228ad4dL},
            {255, 0xb80b98cecc39aL, 0x1ff7ac8a5af476a7L},
        };
        for (long[] row : rows) {
            int b = (int) row[0];
            assertEquals(row[1], chunker.outEntry(b), "OUT[" + b + "]");
            assertEquals(row[2], chunker.modEntry(b), "MOD[" + b + "]");
        }
    }

    @Test
    void fingerprintIsTheBytesAsAPolynomialModP() {
        Chunker chunker = Chunker.of(P_B);
        var random = new SplittableRandom(11);
        for (int n = 0; n <= 100; n++) {
            byte[] bytes = new byte[n];
            random.nextBytes(bytes);
            long h = 0;
            for (byte b : bytes) h = Polynomial.mod(h << 8 | (b & 0xff), P_B.value());
            assertEquals(h, chunker.fingerprint(bytes, 0, n), "length " + n);
        }
    }

    @Test
    void oneChunkerPerPolynomialAndRestrictedDegrees() {
        assertSame(Chunker.of(P), Chunker.of(Polynomial.parse("3DA3358B4DC173")));
        assertEquals(P, Chunker.of(P).polynomial());
        assertThrows(IllegalArgumentException.class, () -> Chunker.of(Polynomial.of(0x7f)));
        assertThrows(IllegalArgumentException.class, () -> Chunker.of(Polynomial.of(1L << 57 | 1)));
    }

    @Test
    void pooledChunksCutWhereOwnedChunksCut() throws IOException {
        // vector A, then zeros (cut every MIN_SIZE) and 0x01 bytes (8 MiB chunks, which outgrow a pooled buffer)
        byte[] ones = new byte[17 * 1024 * 1024 + 5];
        Arrays.fill(ones, (byte) 1);
        for (byte[] data : new byte[][] {SHA256_CTR, new byte[3 * Chunker.MIN_SIZE + 9], ones}) {
            List<Chunk> owned = chunks(P, new ByteArrayInputStream(data));
            ChunkBuffers pool = new ChunkBuffers(2);
            ChunkReader reader = Chunker.of(P).reader(new ByteArrayInputStream(data), pool);
            List<Chunk> pooled = new ArrayList<>();
            for (PooledChunk c = reader.nextPooled(); c != null; c = reader.nextPooled()) {
                pooled.add(new Chunk(Arrays.copyOf(c.buffer(), c.length()), c.cutFingerprint()));
                c.release(); // the next chunk may reuse this buffer: the copy above must not see that
            }
            assertNull(reader.nextPooled(), "a finished reader stays finished");
            assertEquals(owned, pooled);
            assertTrue(pool.idle() <= 2 * 2, "the pool keeps at most its limit of idle buffers of each size");
        }
    }

    @Test
    void aChunkThatOutgrowsItsBufferMovesOnceIntoALargeOneAndBothAreRecycled() {
        ChunkBuffers pool = new ChunkBuffers(2);
        byte[] standard = pool.take();
        byte[] large = pool.takeLarge();
        assertEquals(ChunkBuffers.STANDARD_CAPACITY, standard.length);
        assertEquals(Chunker.MAX_SIZE, large.length, "a large buffer holds the longest chunk: it never grows again");
        pool.release(standard);
        pool.release(large);
        assertSame(standard, pool.take());
        assertSame(large, pool.takeLarge(), "long chunks' buffers are reused, not garbage");
        pool.release(new byte[100]); // not from this pool: dropped
        assertEquals(0, pool.idle());
    }

    private static List<Chunk> chunks(Polynomial p, InputStream in) throws IOException {
        ChunkReader reader = Chunker.of(p).reader(in);
        List<Chunk> chunks = new ArrayList<>();
        for (Chunk c = reader.next(); c != null; c = reader.next()) chunks.add(c);
        assertNull(reader.next(), "a finished reader stays finished");
        return chunks;
    }

    private static void assertChunks(String[] expected, List<Chunk> actual) {
        assertEquals(expected.length, actual.size(), "chunk count");
        long offset = 0;
        for (int i = 0; i < expected.length; i++) {
            String[] row = expected[i].split(" ");
            Chunk chunk = actual.get(i);
            assertEquals(Long.parseLong(row[0]), offset, "start of chunk " + i);
            assertEquals(Integer.parseInt(row[1]), chunk.length(), "length of chunk " + i);
            if (!row[2].equals("final")) {
                assertEquals(Long.decode(row[2]), chunk.cutFingerprint(), "cut fingerprint of chunk " + i);
            }
            assertEquals(row[3], sha256(chunk.data()), "SHA-256 of chunk " + i);
            offset += chunk.length();
        }
    }

    private static byte[] sha256Ctr(int length) {
        MessageDigest sha256 = Id.sha256();
        byte[] out = new byte[length + 31];
        byte[] counter = new byte[Long.BYTES];
        for (long i = 0; 32 * i < length; i++) {
            for (int k = 0; k < Long.BYTES; k++) counter[k] = (byte) (i >>> (8 * k));
            sha256.update(counter);
            try {
                sha256.digest(out, (int) (32 * i), 32);
            } catch (java.security.DigestException e) {
                throw new AssertionError(e);
            }
        }
        return Arrays.copyOf(out, length);
    }

    private static String sha256(byte[] data) {
        return Id.hash(data).toString();
    }

    /** Serves {@code data[0, length)} in reads of 1 to {@code maxRead} bytes, sized at random. */
    private static final class RaggedInputStream extends InputStream {
        private final byte[] data;
        private final int length;
        private final int maxRead;
        private final SplittableRandom random;
        private int position;

        RaggedInputStream(byte[] data, int length, int maxRead, long seed) {
            this.data = data;
            this.length = length;
            this.maxRead = maxRead;
            this.random = new SplittableRandom(seed);
        }

        @Override
        public int read() {
            return position < length ? data[position++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (position == length) return -1;
            int n = Math.min(Math.min(len, length - position), 1 + random.nextInt(maxRead));
            System.arraycopy(data, position, b, off, n);
            position += n;
            return n;
        }
    }
}
