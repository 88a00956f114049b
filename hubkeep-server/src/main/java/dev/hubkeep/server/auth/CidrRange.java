package dev.hubkeep.server.auth;

import dev.hubkeep.server.errors.InvalidInputException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, or one address). */
public record CidrRange(byte[] network, int prefixLength, String text) {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    public static CidrRange parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        // Only literals: InetAddress would otherwise resolve host names through DNS.
        if (!LITERAL.matcher(address).matches()) {
            throw invalid(text);
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw invalid(text);
        }
        int prefix;
        try {
            prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(trimmed.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw invalid(text);
        }
        if (prefix < 0 || prefix > bytes.length * 8) {
            throw invalid(text);
        }
        return new CidrRange(mask(bytes, prefix), prefix, canonical(bytes, prefix));
    }

    public boolean contains(String address) {
        if (!LITERAL.matcher(address).matches()) {
            return false;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            return bytes.length == network.length && java.util.Arrays.equals(mask(bytes, prefixLength), network);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Whether every address of {@code other} is also in this network. */
    public boolean covers(CidrRange other) {
        return network.length == other.network.length
                && prefixLength <= other.prefixLength
                && java.util.Arrays.equals(mask(other.network, prefixLength), network);
    }

    private static byte[] mask(byte[] bytes, int prefix) {
        byte[] masked = bytes.clone();
        for (int i = 0; i < masked.length; i++) {
            int bitsHere = Math.max(0, Math.min(8, prefix - 8 * i));
            masked[i] &= (byte) (bitsHere == 0 ? 0 : 0xff << (8 - bitsHere));
        }
        return masked;
    }

    private static String canonical(byte[] bytes, int prefix) {
        try {
            return InetAddress.getByAddress(mask(bytes, prefix)).getHostAddress() + "/" + prefix;
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4- or 16-byte address is always valid", e);
        }
    }

    private static InvalidInputException invalid(String text) {
        return new InvalidInputException(
                "'" + text + "' is not an IP network: write it like 203.0.113.0/24, 2001:db8::/32 or 198.51.100.7.");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CidrRange that && text.equals(that.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
