using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Tsm.Grains.Keys.Pkcs11;

/// <summary>
/// One logged-in PKCS#11 token: a pool of sessions (a PKCS#11 session runs one operation at a time), the platform's
/// objects found by label and their handles cached. A module is loaded once per process and never finalized, because
/// C_Finalize would end every other user's sessions in the process.
/// </summary>
public sealed class Pkcs11Token : IDisposable
{
    private static readonly ConcurrentDictionary<string, Lazy<IPkcs11Library>> Libraries = new(StringComparer.Ordinal);
    private static int _resolverSet;

    private readonly ISlot _slot;
    private readonly ISession _loginSession;
    private readonly ConcurrentBag<ISession> _idle = [];
    private readonly ConcurrentDictionary<string, IObjectHandle> _handles = new(StringComparer.Ordinal);
    private readonly string _prefix;
    private bool _disposed;

    private Pkcs11Token(ISlot slot, ISession loginSession, string prefix)
    {
        _slot = slot;
        _loginSession = loginSession;
        _prefix = prefix;
    }

    public static Pkcs11InteropFactories Factories { get; } = new();

    /// <summary>Loads the module (once per process), finds the token by label and logs in with the user PIN.</summary>
    /// <exception cref="KeyServiceException">Bad options, the module does not load, no such token, or the PIN is refused.</exception>
    public static Pkcs11Token Open(Pkcs11Options options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems();
        if (problems.Count > 0)
            throw new KeyServiceException(string.Join(" ", problems));
        var pin = options.ReadPin();
        var library = Load(options.Library);
        ISlot? slot;
        try
        {
            slot = library.GetSlotList(SlotsType.WithTokenPresent)
                .FirstOrDefault(s => s.GetTokenInfo().Label.Trim() == options.TokenLabel.Trim());
        }
        catch (Pkcs11Exception ex)
        {
            throw new KeyServiceException($"The {options} does not list its slots ({ex.RV}).", ex);
        }
        if (slot is null)
            throw new KeyServiceException($"No token labelled '{options.TokenLabel}' in {options.Library} (initialize it first: docs/key-service.md).");
        var session = slot.OpenSession(SessionType.ReadWrite);
        try
        {
            session.Login(CKU.CKU_USER, pin);
        }
        catch (Pkcs11Exception ex) when (ex.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
        {
            // Another service of this process logged in to the same token: the login is the application's, not the session's.
        }
        catch (Pkcs11Exception ex)
        {
            session.Dispose();
            // The PIN is never quoted, only the token's answer.
            throw new KeyServiceException($"The {options} refused the user PIN ({ex.RV}).", ex);
        }
        return new Pkcs11Token(slot, session, options.LabelPrefix);
    }

    /// <summary>The label of one of the platform's objects, e.g. <c>tsm:master:gp-test</c> (references compared without case).</summary>
    public string Label(string kind, string name) => $"{_prefix}:{kind}:{name.ToLowerInvariant()}";

    /// <summary>Runs token operations on one pooled session; token errors become <see cref="KeyServiceException"/> naming <paramref name="what"/>.</summary>
    public T Run<T>(string what, Func<ISession, T> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_idle.TryTake(out var session))
            session = _slot.OpenSession(SessionType.ReadWrite);
        try
        {
            return operation(session);
        }
        catch (Pkcs11Exception ex)
        {
            throw new KeyServiceException($"The HSM refused {what} ({ex.RV}).", ex);
        }
        finally
        {
            _idle.Add(session);
        }
    }

    /// <summary>The handle of the token object with this label, or null.</summary>
    public IObjectHandle? Find(ISession session, string label)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_handles.TryGetValue(label, out var cached))
            return cached;
        var found = session.FindAllObjects([Attribute(CKA.CKA_LABEL, label), Attribute(CKA.CKA_TOKEN, true)]);
        if (found.Count == 0)
            return null;
        if (found.Count > 1)
            throw new KeyServiceException($"The token holds {found.Count} objects labelled '{label}'; remove the extra ones.");
        return _handles.GetOrAdd(label, found[0]);
    }

    /// <summary>The handle of a required key, or a <see cref="KeyServiceException"/> with <paramref name="missing"/>.</summary>
    public IObjectHandle Require(ISession session, string label, string missing) =>
        Find(session, label) ?? throw new KeyServiceException(missing);

    public static IObjectAttribute Attribute(CKA type, bool value) => Factories.ObjectAttributeFactory.Create(type, value);

    public static IObjectAttribute Attribute(CKA type, string value) => Factories.ObjectAttributeFactory.Create(type, value);

    public static IObjectAttribute Attribute(CKA type, byte[] value) => Factories.ObjectAttributeFactory.Create(type, value);

    public static IObjectAttribute Attribute(CKA type, CKO value) => Factories.ObjectAttributeFactory.Create(type, value);

    public static IObjectAttribute Attribute(CKA type, CKK value) => Factories.ObjectAttributeFactory.Create(type, value);

    public static IMechanism Mechanism(CKM type) => Factories.MechanismFactory.Create(type);

    public void Dispose()
    {
        if (_disposed)
            return;
        _disposed = true;
        while (_idle.TryTake(out var session))
            session.Dispose();
        // Closing the last session logs the application out of the token (PKCS#11 §5.6).
        _loginSession.Dispose();
    }

    private static IPkcs11Library Load(string path)
    {
        if (Interlocked.Exchange(ref _resolverSet, 1) == 0)
        {
            // Pkcs11Interop binds dlopen from "libdl", which glibc 2.34+ ships as libdl.so.2 only.
            NativeLibrary.SetDllImportResolver(typeof(Pkcs11InteropFactories).Assembly, (name, _, _) =>
                name == "libdl" && NativeLibrary.TryLoad("libdl.so.2", out var handle) ? handle : IntPtr.Zero);
        }
        var lazy = Libraries.GetOrAdd(Path.GetFullPath(path), p => new Lazy<IPkcs11Library>(
            () => Factories.Pkcs11LibraryFactory.LoadPkcs11Library(Factories, p, AppType.MultiThreaded)));
        try
        {
            return lazy.Value;
        }
        catch (Exception ex) when (ex is Pkcs11Exception or DllNotFoundException or UnmanagedException)
        {
            Libraries.TryRemove(new KeyValuePair<string, Lazy<IPkcs11Library>>(Path.GetFullPath(path), lazy));
            throw new KeyServiceException($"The PKCS#11 module {path} does not load ({ex.GetType().Name}).", ex);
        }
    }
}
