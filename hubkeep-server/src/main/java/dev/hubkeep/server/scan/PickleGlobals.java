package dev.hubkeep.server.scan;

import java.util.Map;
import java.util.Set;

/**
 * How an imported global is classed. Dangerous: what runs commands, code, files or the network
 * ({@code os.system}, {@code subprocess.*}, {@code builtins.eval}, …), a whole module or named
 * members. Innocuous: what model checkpoints (PyTorch, NumPy, joblib) need to rebuild tensors and
 * containers. Everything else is suspicious: not known to be harmful, not known to be needed.
 */
final class PickleGlobals {

    /** Every member of these modules is dangerous (a module and its submodules). */
    private static final Set<String> DANGEROUS_MODULES = Set.of(
            "os", "posix", "nt", "subprocess", "sys", "socket", "shutil", "runpy", "webbrowser", "pty", "commands",
            "popen2", "platform", "ctypes", "importlib", "code", "codeop", "pickle", "_pickle", "cPickle", "dill",
            "cloudpickle", "marshal", "pdb", "bdb", "timeit", "multiprocessing", "asyncio", "signal", "httplib",
            "http", "urllib", "urllib2", "requests", "aiohttp", "ftplib", "smtplib", "telnetlib", "tempfile",
            "pathlib", "glob", "io", "_io", "zipimport", "pydoc", "distutils", "setuptools", "pip", "venv",
            "threading", "_thread", "thread", "torch.hub", "torch.storage._load_from_bytes");

    /** These members of these modules are dangerous. */
    private static final Map<String, Set<String>> DANGEROUS_MEMBERS = Map.of(
            "builtins", Set.of("eval", "exec", "execfile", "compile", "open", "__import__", "getattr", "setattr", "delattr",
                    "globals", "locals", "vars", "input", "breakpoint", "file", "apply", "help", "memoryview"),
            "__builtin__", Set.of("eval", "exec", "execfile", "compile", "open", "__import__", "getattr", "setattr",
                    "delattr", "globals", "locals", "vars", "input", "breakpoint", "file", "apply", "help"),
            "operator", Set.of("attrgetter", "methodcaller", "itemgetter"),
            "functools", Set.of("partial", "reduce"),
            "numpy.testing._private.utils", Set.of("runstring"),
            "torch.serialization", Set.of("load"),
            "torch", Set.of("load"),
            "types", Set.of("CodeType", "FunctionType", "LambdaType", "MethodType"));

    /** Innocuous members, by module; {@code *} for the whole module. */
    private static final Map<String, Set<String>> INNOCUOUS = Map.ofEntries(
            Map.entry("collections", Set.of("OrderedDict", "defaultdict", "Counter", "deque")),
            Map.entry("builtins", Set.of("set", "frozenset", "bytearray", "slice", "range", "complex", "dict", "list",
                    "tuple", "int", "float", "bool", "str", "bytes", "object")),
            Map.entry("__builtin__", Set.of("set", "frozenset", "bytearray", "slice", "complex", "dict", "list", "tuple",
                    "int", "float", "bool", "str", "unicode", "long", "object")),
            Map.entry("copyreg", Set.of("_reconstructor")),
            Map.entry("copy_reg", Set.of("_reconstructor")),
            Map.entry("_codecs", Set.of("encode")),
            Map.entry("datetime", Set.of("datetime", "date", "time", "timedelta", "timezone")),
            Map.entry("torch._utils", Set.of("_rebuild_tensor", "_rebuild_tensor_v2", "_rebuild_tensor_v3",
                    "_rebuild_parameter", "_rebuild_parameter_with_state", "_rebuild_qtensor", "_rebuild_sparse_tensor",
                    "_rebuild_meta_tensor_no_storage", "_rebuild_nested_tensor", "_rebuild_wrapper_subclass",
                    "_rebuild_device_tensor_from_numpy", "_rebuild_device_tensor_from_cpu_tensor")),
            Map.entry("torch._tensor", Set.of("_rebuild_from_type_v2")),
            Map.entry("torch.nn.parameter", Set.of("Parameter")),
            Map.entry("torch.serialization", Set.of("_get_layout")),
            Map.entry("torch", Set.of("Size", "device", "dtype", "strided", "sparse_coo", "sparse_csr", "per_tensor_affine",
                    "per_channel_affine", "float32", "float", "float64", "double", "float16", "half", "bfloat16", "int8",
                    "uint8", "int16", "short", "int32", "int", "int64", "long", "bool", "complex64", "complex128",
                    "float8_e4m3fn", "float8_e5m2", "FloatStorage", "DoubleStorage", "HalfStorage", "BFloat16Storage",
                    "LongStorage", "IntStorage", "ShortStorage", "CharStorage", "ByteStorage", "BoolStorage",
                    "ComplexFloatStorage", "ComplexDoubleStorage", "QInt8Storage", "QUInt8Storage", "QInt32Storage",
                    "QUInt4x2Storage", "QUInt2x4Storage", "UntypedStorage", "TypedStorage")),
            Map.entry("numpy", Set.of("ndarray", "dtype", "float32", "float64", "float16", "int8", "int16", "int32", "int64",
                    "uint8", "uint16", "uint32", "uint64", "bool_", "complex64", "complex128")),
            Map.entry("numpy.core.multiarray", Set.of("_reconstruct", "scalar")),
            Map.entry("numpy._core.multiarray", Set.of("_reconstruct", "scalar")),
            Map.entry("numpy.core.numeric", Set.of("_frombuffer")),
            Map.entry("numpy._core.numeric", Set.of("_frombuffer")),
            Map.entry("joblib.numpy_pickle", Set.of("NumpyArrayWrapper")),
            Map.entry("joblib.numpy_pickle_compat", Set.of("NDArrayWrapper")));

    /** PyTorch's own module classes (torch.save of a whole model): constructors with no side effect. */
    private static final String TORCH_MODULES = "torch.nn.modules.";

    private PickleGlobals() {}

    static PickleImport classify(PickleReader.Global global) {
        if (!global.resolved()) {
            return new PickleImport(orUnknown(global.module()), orUnknown(global.name()), PickleImport.Safety.DANGEROUS);
        }
        return new PickleImport(global.module(), global.name(), safety(global.module(), global.name()));
    }

    static PickleImport.Safety safety(String module, String name) {
        if (isDangerous(module, name)) {
            return PickleImport.Safety.DANGEROUS;
        }
        Set<String> innocuous = INNOCUOUS.get(module);
        if (innocuous != null && innocuous.contains(name) || module.startsWith(TORCH_MODULES) && isIdentifier(name)) {
            return PickleImport.Safety.INNOCUOUS;
        }
        return PickleImport.Safety.SUSPICIOUS;
    }

    private static boolean isDangerous(String module, String name) {
        // A name with dots reaches into attributes (STACK_GLOBAL resolves "a.b" step by step in protocol 4).
        String full = module + "." + name;
        for (String dangerous : DANGEROUS_MODULES) {
            if (module.equals(dangerous) || module.startsWith(dangerous + ".") || full.equals(dangerous)) {
                return true;
            }
        }
        String head = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        Set<String> members = DANGEROUS_MEMBERS.get(module);
        return members != null && (members.contains(head) || members.contains(name));
    }

    private static boolean isIdentifier(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_');
    }

    private static String orUnknown(String text) {
        return text == null ? PickleImport.UNKNOWN : text;
    }
}
