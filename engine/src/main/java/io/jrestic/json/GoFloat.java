package io.jrestic.json;

import java.math.BigDecimal;

/** Formats a float64 as Go's encoding/json does (shortest repr; exponent form below 1e-6 or from 1e21). */
final class GoFloat {
    private GoFloat() {
    }

    static String format(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) throw new IllegalArgumentException("unsupported value " + d);
        if (d == 0) return "0";
        double abs = Math.abs(d);
        if (abs < 1e-6 || abs >= 1e21) {
            // Go: strconv 'e' format with the shortest digits, exponent at least two digits ("1e-07").
            String s = Double.toString(d); // e.g. 1.0E-7
            BigDecimal bd = new BigDecimal(s);
            String digits = bd.unscaledValue().abs().toString().replaceAll("0+$", "");
            if (digits.isEmpty()) digits = "0";
            int exp = bd.precision() - bd.scale() - 1;
            String mant = digits.length() > 1 ? digits.charAt(0) + "." + digits.substring(1) : digits;
            String e = (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
            return (d < 0 ? "-" : "") + mant + "e" + e;
        }
        return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
    }
}
