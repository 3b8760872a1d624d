package org.collab4j.options;

import java.util.Locale;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Numeric options, read strictly and explained when they are not: {@code --lr abc} says
 * {@code --lr takes a decimal number such as 0.1 or 5e-3, got 'abc'}, not that 'abc' is not a
 * double. NaN and infinities are refused too: no option means them.
 */
public final class NumberOptions {
    private NumberOptions() {
    }

    /** Registers the strict converters on {@code cl} and every subcommand. */
    public static void register(CommandLine cl) {
        CommandLine.ITypeConverter<Double> d = NumberOptions::decimal;
        CommandLine.ITypeConverter<Float> f = s -> decimal(s).floatValue();
        CommandLine.ITypeConverter<Integer> i = s -> (int) whole(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
        CommandLine.ITypeConverter<Long> l = s -> whole(s, Long.MIN_VALUE, Long.MAX_VALUE);
        cl.registerConverter(Double.class, d).registerConverter(double.class, d);
        cl.registerConverter(Float.class, f).registerConverter(float.class, f);
        cl.registerConverter(Integer.class, i).registerConverter(int.class, i);
        cl.registerConverter(Long.class, l).registerConverter(long.class, l);
    }

    private static Double decimal(String s) {
        double v;
        try {
            v = Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a number");
        }
        if (!Double.isFinite(v) || s.trim().matches(".*[dDfFxXpP].*")) throw new CommandLine.TypeConversionException("'" + s + "' is not a number");
        return v;
    }

    private static long whole(String s, long min, long max) {
        long v;
        try {
            v = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + s + "' is not a whole number");
        }
        if (v < min || v > max) throw new CommandLine.TypeConversionException("'" + s + "' is out of range (" + min + ".." + max + ")");
        return v;
    }

    /**
     * The message for a numeric option given something else, naming the option and the form it
     * takes (with its default as the example, when it has one); null for any other problem.
     */
    public static String message(CommandLine.ParameterException e) {
        ArgSpec a = e.getArgSpec();
        if (!(a instanceof OptionSpec o) || !(e.getCause() instanceof CommandLine.TypeConversionException)) return null;
        Class<?> t = a.auxiliaryTypes().length > 0 ? a.auxiliaryTypes()[0] : a.type();
        boolean whole = t == int.class || t == Integer.class || t == long.class || t == Long.class;
        boolean decimal = t == double.class || t == Double.class || t == float.class || t == Float.class;
        if (!whole && !decimal) return null;
        String def = o.defaultValue();
        boolean hasDefault = def != null && !def.isBlank() && !def.equals(CommandLine.Option.NULL_VALUE);
        String example = hasDefault ? "such as " + def + " (its default)" : whole ? "such as 10" : "such as 0.1 or 5e-3";
        String kind = whole ? "a whole number" : "a decimal number";
        String range = e.getCause().getMessage() != null && e.getCause().getMessage().contains("out of range") ? " (too large)" : "";
        return String.format(Locale.ROOT, "%s takes %s %s, got '%s'%s", o.longestName(), kind, example, e.getValue(), range);
    }
}
