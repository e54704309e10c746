package io.jrestic.checker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jrestic.id.Id;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackSubsetTest {
    private static final String INVALID = "check flag --read-data-subset has invalid value, please see documentation";
    private static final String GROUPS = "check flag --read-data-subset=n/t values must be positive integers, and n <= t, e.g. --read-data-subset=1/2";
    private static final String PERCENT = "check flag --read-data-subset=x% x must be above 0.0% and at most 100.0%";
    private static final String SIZE = "check flag --read-data-subset=n n must be above 0";

    @Test
    void parsesTheThreeFormsAsResticDoes() {
        assertEquals(new PackSubset.Group(2, 3), PackSubset.parse("2/3"));
        assertEquals(new PackSubset.Group(1, 256), PackSubset.parse("1/256"));
        assertEquals(new PackSubset.Percentage(50), PackSubset.parse("50%"));
        assertEquals(new PackSubset.Percentage(2.5), PackSubset.parse("2.5%"));
        assertEquals(new PackSubset.Size(102400), PackSubset.parse("100K"));
        assertEquals(new PackSubset.Size(50L << 20), PackSubset.parse("50M"));
        assertEquals(new PackSubset.Size(3L << 30), PackSubset.parse("3g"));
        assertEquals(new PackSubset.Size(10), PackSubset.parse("10b"));
    }

    @Test
    void rejectsWhatResticRejectsWithItsMessages() {
        // Messages observed from restic 0.14.0 for these values.
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("0/3", GROUPS);
        cases.put("2/1", GROUPS);
        cases.put("1/257", "check flag --read-data-subset=n/t t must be at most 256");
        cases.put("1/2/3", INVALID);
        cases.put("5", INVALID);
        cases.put("x", INVALID);
        cases.put("1.5M", INVALID);
        cases.put("abc%", INVALID);
        cases.put("0%", PERCENT);
        cases.put("101%", PERCENT);
        cases.put("0K", SIZE);
        cases.put("0B", SIZE);
        cases.put("-1K", SIZE);
        cases.forEach((value, message) -> assertEquals(message,
                assertThrows(IllegalArgumentException.class, () -> PackSubset.parse(value)).getMessage(), value));
    }

    @Test
    void groupsArePackIdFirstBytesModuloTheGroupCount() {
        // The two packs of a restic 0.14 test repository: restic read none in group 1/3.
        Id p23 = Id.parse("23b9dc68db6cf3e9e8f9bc654f64ef91a53788cb1d9c937b21b6cbba798fd332");
        Id paf = Id.parse("affbde81bfcb0e8c0e9a387f79b1c9b89f376508521c0b094a5ae6ecc896cf72");
        Map<Id, Long> packs = Map.of(p23, 100L, paf, 200L);
        Random r = new Random(0);
        assertEquals(Map.of(), PackSubset.parse("1/3").select(packs, r));
        assertEquals(Map.of(paf, 200L), PackSubset.parse("2/3").select(packs, r));
        assertEquals(Map.of(p23, 100L), PackSubset.parse("3/3").select(packs, r));
        assertEquals(packs, PackSubset.parse("1/1").select(packs, r));
    }

    @Test
    void percentagesAndSizesPickThatShareOfPacksAtRandomAndAtLeastOne() {
        Map<Id, Long> packs = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) packs.put(Id.hash(new byte[] {(byte) i}), 100L);
        Random r = new Random(7);
        assertEquals(5, PackSubset.parse("50%").select(packs, r).size());
        assertEquals(1, PackSubset.parse("1%").select(packs, r).size());
        assertEquals(packs.keySet(), PackSubset.parse("100%").select(packs, r).keySet());
        assertEquals(3, PackSubset.parse("300b").select(packs, r).size());
        assertEquals(1, PackSubset.parse("1b").select(packs, r).size());
        assertEquals(10, PackSubset.parse("1G").select(packs, r).size());
        assertEquals(Map.of(), PackSubset.parse("50%").select(Map.of(), r));
        List<Id> first = List.copyOf(PackSubset.parse("30%").select(packs, new Random(3)).keySet());
        assertEquals(first, List.copyOf(PackSubset.parse("30%").select(packs, new Random(3)).keySet()));
    }

    @Test
    void readDataSelectsEveryPack() {
        Map<Id, Long> packs = Map.of(Id.hash(new byte[] {1}), 5L, Id.hash(new byte[] {2}), 6L);
        assertEquals(packs, PackSubset.ALL.select(packs, new Random()));
    }
}
