package org.livingner.bert.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pickle reader that understands exactly what {@code torch.save(state_dict)} writes and nothing more.
 *
 * <p>Python's unpickler calls whatever the stream names; this one resolves a {@code GLOBAL} only from a fixed
 * list of pure data constructors (tensor rebuilders, storage types, {@code collections.OrderedDict}), so a
 * checkpoint can never run code. Anything else fails with the file, the record and the byte offset.
 */
final class StateDictUnpickler {

    /** Resolves {@code ('storage', type, key, location, numel)} persistent ids to storages. */
    interface StorageLoader {
        Storage load(RawTensor.DType dtype, String key, String location, long numel) throws CheckpointException;
    }

    /** One {@code archive/data/KEY} record: little-endian elements of one type. */
    record Storage(RawTensor.DType dtype, String key, long numel, ByteBuffer data) {
    }

    /** A Python callable from the allow-list. */
    private interface PyFunction {
        Object call(List<Object> args) throws CheckpointException;
    }

    private record Global(String qualifiedName, Object value) {
        @Override
        public String toString() {
            return qualifiedName;
        }
    }

    /** The argument of a torch.*Storage global: only meaningful inside a persistent id. */
    private record StorageType(RawTensor.DType dtype) {
    }

    private static final Object MARK = new Object() {
        @Override
        public String toString() {
            return "MARK";
        }
    };

    static final Map<String, RawTensor.DType> STORAGE_TYPES = Map.ofEntries(
            Map.entry("torch.FloatStorage", RawTensor.DType.F32),
            Map.entry("torch.DoubleStorage", RawTensor.DType.F64),
            Map.entry("torch.HalfStorage", RawTensor.DType.F16),
            Map.entry("torch.BFloat16Storage", RawTensor.DType.BF16),
            Map.entry("torch.LongStorage", RawTensor.DType.I64),
            Map.entry("torch.IntStorage", RawTensor.DType.I32),
            Map.entry("torch.ShortStorage", RawTensor.DType.I16),
            Map.entry("torch.CharStorage", RawTensor.DType.I8),
            Map.entry("torch.ByteStorage", RawTensor.DType.U8),
            Map.entry("torch.BoolStorage", RawTensor.DType.BOOL));

    private final Path file;
    private final String record;
    private final ByteBuffer in;
    private final StorageLoader storages;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    private int opcodeOffset;

    private StateDictUnpickler(Path file, String record, byte[] pickle, StorageLoader storages) {
        this.file = file;
        this.record = record;
        this.in = ByteBuffer.wrap(pickle).order(ByteOrder.LITTLE_ENDIAN);
        this.storages = storages;
    }

    /**
     * Runs the pickle program and returns the object it leaves: dicts as {@link LinkedHashMap}, tuples and lists
     * as {@link List}, tensors as {@link RawTensor}, ints as {@link Long}, floats as {@link Double}.
     */
    static Object load(Path file, String record, byte[] pickle, StorageLoader storages) throws CheckpointException {
        return new StateDictUnpickler(file, record, pickle, storages).run();
    }

    /** The globals this reader accepts, for error messages. */
    static List<String> allowedGlobals() {
        List<String> names = new ArrayList<>(List.of("collections.OrderedDict", "torch._utils._rebuild_tensor",
                "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
                "torch._utils._rebuild_parameter_with_state"));
        names.addAll(STORAGE_TYPES.keySet().stream().sorted().toList());
        return names;
    }

    private Object run() throws CheckpointException {
        while (true) {
            opcodeOffset = in.position();
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int proto = u8();
                    if (proto < 2 || proto > 5) {
                        throw error("pickle protocol " + proto + " (expected 2 to 5)");
                    }
                }
                case 0x95 -> skip(8); // FRAME: only a read-ahead hint
                case 'c' -> push(resolveGlobal(line() + "." + line()));
                case 0x93 -> { // STACK_GLOBAL
                    String name = pop(String.class, "STACK_GLOBAL name");
                    String module = pop(String.class, "STACK_GLOBAL module");
                    push(resolveGlobal(module + "." + name));
                }
                case 'q' -> memo.put((long) u8(), peek());          // BINPUT
                case 'r' -> memo.put(u32(), peek());                // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek());  // MEMOIZE
                case 'h' -> push(memoGet(u8()));                    // BINGET
                case 'j' -> push(memoGet(u32()));                   // LONG_BINGET
                case '(' -> { marks.add(stack.size()); push(MARK); }
                case '}' -> push(new LinkedHashMap<>());            // EMPTY_DICT
                case ']' -> push(new ArrayList<>());                // EMPTY_LIST
                case ')' -> push(List.of());                        // EMPTY_TUPLE
                case 0x85 -> push(tuple(1));
                case 0x86 -> push(tuple(2));
                case 0x87 -> push(tuple(3));
                case 't' -> push(Collections.unmodifiableList(popToMark())); // TUPLE
                case 's' -> { // SETITEM
                    Object value = pop();
                    Object key = pop();
                    dict(peek()).put(key, value);
                }
                case 'u' -> { // SETITEMS
                    List<Object> items = popToMark();
                    Map<Object, Object> dict = dict(peek());
                    for (int i = 0; i + 1 < items.size(); i += 2) {
                        dict.put(items.get(i), items.get(i + 1));
                    }
                    if (items.size() % 2 != 0) {
                        throw error("SETITEMS with an odd number of items (" + items.size() + ")");
                    }
                }
                case 'a' -> { // APPEND
                    Object value = pop();
                    list(peek()).add(value);
                }
                case 'e' -> { // APPENDS
                    List<Object> items = popToMark();
                    list(peek()).addAll(items);
                }
                case 'J' -> push((long) (int) u32());                      // BININT
                case 'K' -> push((long) u8());                            // BININT1
                case 'M' -> push((long) u16());                           // BININT2
                case 0x8a -> push(long1());                                // LONG1
                case 'G' -> push(binfloat());                              // BINFLOAT
                case 'X' -> push(utf8(u32()));                             // BINUNICODE
                case 0x8c -> push(utf8(u8()));                             // SHORT_BINUNICODE
                case 'N' -> push(null);
                case 0x88 -> push(Boolean.TRUE);
                case 0x89 -> push(Boolean.FALSE);
                case 'Q' -> push(persistentLoad(pop()));                   // BINPERSID
                case 'R' -> { // REDUCE
                    Object args = pop();
                    Object callable = pop();
                    push(call(callable, args));
                }
                case 'b' -> build();
                case '.' -> {
                    if (stack.size() != 1 || !marks.isEmpty()) {
                        throw error("STOP with " + stack.size() + " objects on the stack (expected 1)");
                    }
                    return stack.get(0);
                }
                default -> throw error(String.format(
                        "unsupported pickle opcode 0x%02x ('%s'): not something torch.save writes for a state_dict",
                        op, op >= 0x20 && op < 0x7f ? Character.toString(op) : "?"));
            }
        }
    }

    private Object resolveGlobal(String name) throws CheckpointException {
        RawTensor.DType storageType = STORAGE_TYPES.get(name);
        if (storageType != null) {
            return new Global(name, new StorageType(storageType));
        }
        PyFunction f = switch (name) {
            case "collections.OrderedDict" -> args -> {
                if (!args.isEmpty()) {
                    throw error("collections.OrderedDict called with arguments " + args + " (expected none)");
                }
                return new LinkedHashMap<>();
            };
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> this::rebuildTensor;
            case "torch._utils._rebuild_parameter", "torch._utils._rebuild_parameter_with_state" -> args -> {
                if (args.isEmpty() || !(args.get(0) instanceof RawTensor t)) {
                    throw error(name + " expects a tensor as first argument, got " + describe(args));
                }
                return t;
            };
            default -> throw error("refusing to load global '" + name + "': a state_dict needs only "
                    + allowedGlobals() + " (loading other globals would run code from the file)");
        };
        return new Global(name, f);
    }

    /** {@code _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])}. */
    private RawTensor rebuildTensor(List<Object> args) throws CheckpointException {
        if (args.size() < 4 || args.size() > 7 || !(args.get(0) instanceof Storage storage)
                || !(args.get(1) instanceof Long offset)) {
            throw error("tensor rebuild expects (storage, storage_offset, size, stride, ...), got " + describe(args));
        }
        long[] size = longs(args.get(2), "size");
        long[] stride = longs(args.get(3), "stride");
        if (size.length != stride.length) {
            throw error("tensor size " + Arrays.toString(size) + " and stride " + Arrays.toString(stride)
                    + " have different ranks");
        }
        try {
            return StridedCopy.view(storage, offset, size, stride);
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage());
        }
    }

    private Storage persistentLoad(Object pid) throws CheckpointException {
        if (pid instanceof List<?> t && t.size() == 5 && "storage".equals(t.get(0))
                && t.get(1) instanceof Global g && g.value() instanceof StorageType type
                && t.get(2) instanceof String key && t.get(3) instanceof String location
                && t.get(4) instanceof Long numel) {
            return storages.load(type.dtype(), key, location, numel);
        }
        throw error("persistent id " + describe(pid) + " is not ('storage', torch.*Storage, key, location, numel)");
    }

    private Object call(Object callable, Object args) throws CheckpointException {
        if (!(callable instanceof Global g) || !(g.value() instanceof PyFunction f)) {
            throw error("REDUCE on " + describe(callable) + ", which is not a callable from the allow-list");
        }
        if (!(args instanceof List<?> list)) {
            throw error("REDUCE arguments for " + g + " are " + describe(args) + ", not a tuple");
        }
        @SuppressWarnings("unchecked")
        List<Object> a = (List<Object>) list;
        return f.call(a);
    }

    /** BUILD sets attributes; a state_dict only carries {@code _metadata} (module versions), which we do not need. */
    private void build() throws CheckpointException {
        Object state = pop();
        Object target = peek();
        if (!(target instanceof Map) || !(state instanceof Map)) {
            throw error("BUILD of " + describe(target) + " with state " + describe(state)
                    + " (only dict attributes such as a state_dict's _metadata are accepted)");
        }
    }

    private Object memoGet(long index) throws CheckpointException {
        if (!memo.containsKey(index)) {
            throw error("memo entry " + index + " read before it was written");
        }
        return memo.get(index);
    }

    private long[] longs(Object o, String what) throws CheckpointException {
        if (!(o instanceof List<?> list)) {
            throw error("tensor " + what + " is " + describe(o) + ", not a tuple of ints");
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v)) {
                throw error("tensor " + what + " " + list + " holds a non-integer");
            }
            out[i] = v;
        }
        return out;
    }

    private List<Object> tuple(int n) throws CheckpointException {
        if (stack.size() - lastMark() < n) {
            throw error("tuple of " + n + " needs " + n + " objects on the stack");
        }
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return Collections.unmodifiableList(Arrays.asList(items));
    }

    private List<Object> popToMark() throws CheckpointException {
        if (marks.isEmpty()) {
            throw error("no MARK on the stack");
        }
        int mark = marks.remove(marks.size() - 1);
        List<Object> items = new ArrayList<>(stack.subList(mark + 1, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private int lastMark() {
        return marks.isEmpty() ? 0 : marks.get(marks.size() - 1) + 1;
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict(Object o) throws CheckpointException {
        if (o instanceof LinkedHashMap<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw error("expected a dict on the stack, found " + describe(o));
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(Object o) throws CheckpointException {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw error("expected a list on the stack, found " + describe(o));
    }

    private void push(Object o) {
        stack.add(o);
    }

    private Object pop() throws CheckpointException {
        if (stack.size() <= lastMark()) {
            throw error("pops from an empty stack");
        }
        return stack.remove(stack.size() - 1);
    }

    private <T> T pop(Class<T> type, String what) throws CheckpointException {
        Object o = pop();
        if (!type.isInstance(o)) {
            throw error(what + " is " + describe(o) + ", expected " + type.getSimpleName());
        }
        return type.cast(o);
    }

    private Object peek() throws CheckpointException {
        if (stack.size() <= lastMark()) {
            throw error("reads from an empty stack");
        }
        return stack.get(stack.size() - 1);
    }

    private int u8() throws CheckpointException {
        need(1);
        return in.get() & 0xff;
    }

    private int u16() throws CheckpointException {
        need(2);
        return in.getShort() & 0xffff;
    }

    /** The one big-endian field in a pickle. */
    private double binfloat() throws CheckpointException {
        need(8);
        double v = in.order(ByteOrder.BIG_ENDIAN).getDouble();
        in.order(ByteOrder.LITTLE_ENDIAN);
        return v;
    }

    private long u32() throws CheckpointException {
        need(4);
        return in.getInt() & 0xffffffffL;
    }

    private void skip(int n) throws CheckpointException {
        need(n);
        in.position(in.position() + n);
    }

    private long long1() throws CheckpointException {
        int n = u8();
        if (n > 8) {
            throw error("LONG1 of " + n + " bytes does not fit in 64 bits");
        }
        need(n);
        long v = 0;
        for (int i = 0; i < n; i++) {
            v |= (in.get() & 0xffL) << (8 * i);
        }
        if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
            v -= 1L << (8 * n); // two's complement sign of the n-byte value
        }
        return v;
    }

    private String line() throws CheckpointException {
        int start = in.position();
        while (in.hasRemaining()) {
            if (in.get() == '\n') {
                byte[] b = new byte[in.position() - 1 - start];
                in.get(start, b);
                return new String(b, StandardCharsets.US_ASCII);
            }
        }
        throw error("GLOBAL name runs to the end of the record without a newline (truncated)");
    }

    private String utf8(long len) throws CheckpointException {
        if (len > in.remaining()) {
            throw error("string of " + len + " bytes but only " + in.remaining() + " remain (truncated)");
        }
        byte[] b = new byte[(int) len];
        in.get(b);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw error("string is not valid UTF-8");
        }
    }

    private void need(int n) throws CheckpointException {
        if (in.remaining() < n) {
            throw error("the record ends at byte " + in.limit() + " before the pickle's STOP (truncated)");
        }
    }

    private static String describe(Object o) {
        if (o == null) {
            return "None";
        }
        if (o instanceof RawTensor t) {
            return "tensor " + t.dtype() + t.shapeString();
        }
        if (o instanceof String s) {
            return "'" + s + "'";
        }
        if (o instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object x : l) {
                parts.add(describe(x));
            }
            return "(" + String.join(", ", parts) + ")";
        }
        if (o instanceof Map<?, ?> m) {
            return "dict of " + m.size();
        }
        if (o instanceof Storage s) {
            return "storage " + s.key();
        }
        return String.valueOf(o);
    }

    private CheckpointException error(String what) {
        return CheckpointException.in(file, "record " + record + " at byte " + opcodeOffset + ": " + what);
    }
}
