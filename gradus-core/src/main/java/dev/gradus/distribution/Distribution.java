package dev.gradus.distribution;

import dev.gradus.util.Check;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keras 3's {@code keras.distribution}: how {@code fit}, {@code evaluate} and {@code predict} spread
 * their work over devices. {@link #set} makes one the default for every later call (Keras's
 * {@code set_distribution}); {@code FitOptions.distribution}, {@code EvaluateOptions.distribution}
 * and {@code PredictOptions.distribution} choose one for a single call.
 *
 * <p>A device is named {@code "<type>:<index>"} as in Keras ({@code "cpu:0"}). Each replica of a
 * distribution runs on one device; what runs a replica is chosen from the device's type, so a
 * Spark executor or a GPU can become a replica later without a change to this API.
 */
public abstract class Distribution {
    private static volatile Distribution current;
    private final List<String> devices;

    protected Distribution(List<String> devices) {
        Check.notNull("devices", devices);
        Check.argument(!devices.isEmpty(), "devices: expected at least one device, got an empty list");
        Set<String> seen = new HashSet<>();
        List<String> out = new ArrayList<>(devices.size());
        for (int i = 0; i < devices.size(); i++) {
            String d = Check.notNull("devices[" + i + "]", devices.get(i)).trim().toLowerCase(Locale.ROOT);
            checkDeviceName(i, d);
            if (!seen.add(d)) throw new IllegalArgumentException("devices: '" + d + "' appears more than once in " + devices);
            out.add(d);
        }
        this.devices = List.copyOf(out);
    }

    private static void checkDeviceName(int i, String d) {
        int colon = d.indexOf(':');
        boolean ok = colon > 0 && colon < d.length() - 1;
        if (ok) {
            for (int k = colon + 1; k < d.length(); k++) ok &= Character.isDigit(d.charAt(k));
            ok &= d.substring(0, colon).chars().allMatch(Character::isLetter);
        }
        if (!ok) throw new IllegalArgumentException("devices[" + i + "]: expected a device name like \"cpu:0\" "
                + "(a type, a colon, an index), got '" + d + "'");
    }

    /** The devices, one per replica, in replica order (lower case: {@code "cpu:0"}). */
    public List<String> devices() {
        return devices;
    }

    /**
     * Keras's {@code keras.distribution.list_devices()}: the devices this JVM can run replicas on, one
     * {@code "cpu:i"} per available processor. Gradus has no GPU backend yet, so none are listed.
     */
    public static List<String> listDevices() {
        return listDevices("cpu");
    }

    /** Keras's {@code list_devices(device_type)}: {@code "cpu"} or {@code "gpu"} (none yet). */
    public static List<String> listDevices(String deviceType) {
        String type = Check.oneOf("device_type", Check.notNull("device_type", deviceType).toLowerCase(Locale.ROOT), "cpu", "gpu");
        if (type.equals("gpu")) return List.of();
        int n = Runtime.getRuntime().availableProcessors();
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add("cpu:" + i);
        return List.copyOf(out);
    }

    /** Keras's {@code set_distribution}: the default for later {@code fit}/{@code evaluate}/{@code predict} calls; null clears it. */
    public static void set(Distribution distribution) {
        current = distribution;
    }

    /** Keras's {@code distribution()}: the default set by {@link #set}, or null for none. */
    public static Distribution get() {
        return current;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(devices=" + devices + ")";
    }
}
