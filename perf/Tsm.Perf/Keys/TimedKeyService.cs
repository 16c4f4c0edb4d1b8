using System.Diagnostics;
using Tsm.Grains.Catalogue;
using Tsm.Grains.Keys;
using Tsm.Protocol.Scp02;

namespace Tsm.Perf.Keys;

/// <summary>A key service that counts and times every call it passes on, to see what one download asks of the key service.</summary>
internal sealed class TimedKeyService(IKeyService inner) : IKeyService
{
    private readonly Dictionary<string, (int Calls, TimeSpan Time)> _calls = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, (int Calls, TimeSpan Time)> Calls => _calls;

    public TimeSpan Total => _calls.Values.Aggregate(TimeSpan.Zero, (sum, c) => sum + c.Time);

    public void Reset() => _calls.Clear();

    public Scp02KeySet IsdKeys(SeBatch batch, ReadOnlySpan<byte> keyDiversificationData, byte keyVersion)
    {
        var kdd = keyDiversificationData.ToArray();
        return Time(nameof(IsdKeys), () => inner.IsdKeys(batch, kdd, keyVersion));
    }

    public byte[] DeriveToken(string seId, DateOnly date) => Time(nameof(DeriveToken), () => inner.DeriveToken(seId, date));

    public string Protect(ReadOnlySpan<byte> secret)
    {
        var copy = secret.ToArray();
        return Time(nameof(Protect), () => inner.Protect(copy));
    }

    public byte[] Unprotect(string protectedSecret) => Time(nameof(Unprotect), () => inner.Unprotect(protectedSecret));

    public ProtectedKeySet GenerateKeySet(byte keyVersion) => Time(nameof(GenerateKeySet), () => inner.GenerateKeySet(keyVersion));

    public Scp02KeySet OpenKeySet(ProtectedKeySet keySet) => Time(nameof(OpenKeySet), () => inner.OpenKeySet(keySet));

    public bool VerifyUnderKek(string providerId, ReadOnlySpan<byte> keyUnderKek, ReadOnlySpan<byte> kcv)
    {
        var (key, check) = (keyUnderKek.ToArray(), kcv.ToArray());
        return Time(nameof(VerifyUnderKek), () => inner.VerifyUnderKek(providerId, key, check));
    }

    public byte[] TranslateKekToDek(string providerId, ReadOnlySpan<byte> underKek, Scp02HostChannel session)
    {
        var data = underKek.ToArray();
        return Time(nameof(TranslateKekToDek), () => inner.TranslateKekToDek(providerId, data, session));
    }

    public IReadOnlyList<(byte[] Encrypted, byte[] Kcv)> WrapForPutKey(ProtectedKeySet keySet, Scp02HostChannel session) =>
        Time(nameof(WrapForPutKey), () => inner.WrapForPutKey(keySet, session));

    public byte[] DecryptUnderTransportKey(string providerId, ReadOnlySpan<byte> data)
    {
        var copy = data.ToArray();
        return Time(nameof(DecryptUnderTransportKey), () => inner.DecryptUnderTransportKey(providerId, copy));
    }

    public string ImportKey(string transportKeyRef, ReadOnlySpan<byte> keyUnderTransportKey, ReadOnlySpan<byte> kcv)
    {
        var (key, check) = (keyUnderTransportKey.ToArray(), kcv.ToArray());
        return Time(nameof(ImportKey), () => inner.ImportKey(transportKeyRef, key, check));
    }

    public bool? HasMasterKey(string reference) => inner.HasMasterKey(reference);

    private T Time<T>(string operation, Func<T> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return call();
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var (calls, time) = _calls.GetValueOrDefault(operation);
            _calls[operation] = (calls + 1, time + elapsed);
        }
    }
}
