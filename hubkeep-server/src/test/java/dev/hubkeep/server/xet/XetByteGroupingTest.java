package dev.hubkeep.server.xet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** BG4 grouping as xorb.md describes it, including lengths that are not a multiple of 4. */
class XetByteGroupingTest {

    @Test
    void split_putsEachWordPositionInItsOwnGroup() {
        // xorb.md: [A1 A2 A3 A4 B1 B2 B3 B4 C1 C2 C3 C4] groups as [A1 B1 C1 A2 B2 C2 A3 B3 C3 A4 B4 C4].
        byte[] data = {0x11, 0x12, 0x13, 0x14, 0x21, 0x22, 0x23, 0x24, 0x31, 0x32, 0x33, 0x34};

        assertThat(ByteGrouping.split(data))
                .containsExactly(0x11, 0x21, 0x31, 0x12, 0x22, 0x32, 0x13, 0x23, 0x33, 0x14, 0x24, 0x34);
    }

    @Test
    void split_givesTheLeftoverBytesToTheFirstGroups() {
        // Six bytes: groups of 2, 2, 1, 1.
        byte[] data = {1, 2, 3, 4, 5, 6};

        assertThat(ByteGrouping.split(data)).containsExactly(1, 5, 2, 6, 3, 4);
    }

    @Test
    void regroup_undoesSplit_forEveryRemainder() {
        for (int length = 0; length <= 9; length++) {
            byte[] data = XetVectors.arithmetic(length, 7, 1);
            assertThat(ByteGrouping.regroup(ByteGrouping.split(data))).as("length %d", length).isEqualTo(data);
        }
    }
}
