using System.Globalization;
using System.Security.Cryptography;
using Tsm.Grains.Keys;
using Tsm.Protocol;
using Tsm.Protocol.Apdu;
using Tsm.Protocol.Crypto;
using Tsm.Protocol.GlobalPlatform;

namespace Tsm.Grains.Ota.Engine;

/// <summary>
/// The work of the stages several operations share: create an SD, replace an SD's keys, delete an SD, personalize
/// through an SD (mode 3) or in the application's own channel (mode 2); and the answers each tolerates.
/// </summary>
internal static class StagePlans
{
    public static void Plan(PlanContext context)
    {
        switch (context.Stage.Work)
        {
            case StageWork.CreateSecurityDomain:
                CreateSecurityDomain(context);
                break;
            case StageWork.SecurityDomainKeys:
                SecurityDomainKeys(context);
                break;
            case StageWork.DeleteSecurityDomain:
                context.Wrapped(DeleteCommand.ForObject(Aid.Parse(context.Spec.SecurityDomainAid!), deleteRelated: context.Spec.Cascade).ToApdu(),
                    CommandIntent.DeleteSecurityDomain, context.Spec.SecurityDomainAid);
                context.FreeMemory();
                break;
            case StageWork.PersonalizeThroughDomain:
                PersonalizeThroughDomain(context);
                break;
            case StageWork.PersonalizeApplication:
                PersonalizeApplication(context);
                break;
            case StageWork.Extradite:
                // GP 2.2.1 §11.5.2.3.5, requirement 5.8.4.1: installed with the ISD first, associated with their SD now.
                foreach (var instance in context.Spec.Extraditions)
                    context.Wrapped(InstallCommand.ForExtradition(Aid.Parse(context.Spec.SecurityDomainAid!), Aid.Parse(instance)).ToApdu(), CommandIntent.Extradite, instance);
                break;
            default:
                throw new InvalidOperationException($"{context.Stage.Work} is planned by the operation's own plan.");
        }
    }

    /// <summary>Answers a shared stage expects from the work of an earlier, interrupted attempt.</summary>
    public static bool Tolerates(PlanContext context, PlannedCommand command, StatusWord sw)
    {
        switch (command.Stage, command.Intent)
        {
            case (StageWork.CreateSecurityDomain, CommandIntent.InstallSecurityDomain)
                when sw == StatusWords.ConditionsNotSatisfied && context.Registry.Instances.ContainsKey(context.SecurityDomain!.Aid):
                return true; // created by an interrupted attempt: GET STATUS in the same order listed it
            case (StageWork.SecurityDomainKeys, CommandIntent.SetStatusPersonalized) when sw == StatusWords.IncorrectData:
                context.Facts = context.Facts with { SecurityDomainPersonalized = true }; // personalized by an interrupted attempt
                return true;
            case (StageWork.DeleteSecurityDomain, CommandIntent.DeleteSecurityDomain) when sw == StatusWords.ReferencedDataNotFound:
                context.Facts = context.Facts with { SecurityDomainDeleted = true }; // gone already
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Requirement 5.8.3.1: GET STATUS of the SD (an interrupted attempt may have created it), INSTALL [for install
    /// and make selectable] with CMS2AC parameters from the SD's definition, then GET DATA FF21 for the free space after.
    /// </summary>
    private static void CreateSecurityDomain(PlanContext context)
    {
        var sd = context.SecurityDomain!;
        context.Status(new GetStatusCommand(GetStatusScope.ApplicationsAndSecurityDomains, SearchAid: Hex.Parse(sd.Aid)));
        var privileges = sd.Mode switch
        {
            3 => Privileges.DapVerification,
            4 => Privileges.DelegatedManagement,
            _ => Privileges.SecurityDomain,
        };
        var cms2ac = new Cms2acSdParameters(
            BaseProperties: Cms2acSdParameters.MakeBaseProperties(acceptsExtradition: true, mayDeleteItself: true, acceptsIsdInitiatedDeletion: true),
            KeyVersionNumber: sd.InitialKeyVersion,
            ScpIdentifier: 0x02,
            ScpOption: context.Batch.ScpI,
            MaxAuthenticationFailures: sd.MaxFailedAuthentications is { } max ? (byte)max : null,
            ManagedSpace: sd.FixedSpace is { } space ? new ManagedSpace(sd.FixedVolatileSpace, space) : null,
            MaxKeys: sd.MaxKeys is { } keys ? (byte)keys : null);
        context.Wrapped(InstallCommand.ForInstall(
            Aid.Parse(sd.LoadFileAid), Aid.Parse(sd.ModuleAid), Aid.Parse(sd.Aid), privileges,
            InstallParameters.ForSecurityDomain(cms2ac).ToArray()).ToApdu(), CommandIntent.InstallSecurityDomain, sd.Aid);
        context.FreeMemory();
    }

    /// <summary>
    /// Requirements 5.8.3.1, 5.8.3.2: PUT KEY replacing the key set the card reported with the new one (skipped when
    /// the card already holds the new version: an interrupted attempt put it), then SET STATUS personalized for an SSD.
    /// The ISD's keys rotate to the batch's newest version (requirement 5.8.9.3).
    /// </summary>
    private static void SecurityDomainKeys(PlanContext context)
    {
        var stage = context.Stage;
        var current = context.Channel.KeyVersion!.Value;
        if (stage.KeyDomainAid is null)
        {
            var target = context.Batch.TargetKeyVersion;
            if (current != target)
            {
                using var next = context.KeyService.IsdKeys(context.Batch, context.Channel.KeyDiversificationData, target);
                context.PutKey(current, target, [.. new[] { next.Enc.ToArray(), next.Mac.ToArray(), next.Dek.ToArray() }.Select(k => Encrypted(context, k))]);
            }
            return;
        }
        var spec = context.Spec;
        var newVersion = spec.NewKeySet?.KeyVersion ?? spec.ProviderKeys?.KeyVersion;
        if (newVersion is { } version && version != current)
        {
            if (spec.NewKeySet is { } generated)
            {
                context.PutKey(current, version, context.KeyService.WrapForPutKey(generated, context.Channel.Host));
            }
            else
            {
                var provided = spec.ProviderKeys!;
                var wrapped = provided.KeysUnderKek
                    .Select((k, i) => (context.KeyService.TranslateKekToDek(context.KeyOwner, Hex.Parse(k), context.Channel.Host), Hex.Parse(provided.KeyCheckValues[i])))
                    .ToList();
                context.PutKey(current, version, wrapped);
            }
        }
        // SET STATUS of the SD by itself to PERSONALIZED (GP 2.2.1 §5.3.1.2): once its keys are its own.
        context.Wrapped(new SetStatusCommand(SetStatusScope.ApplicationOrSecurityDomain, LifeCycle.Personalized, Aid.Parse(stage.KeyDomainAid)).ToApdu(),
            CommandIntent.SetStatusPersonalized, stage.KeyDomainAid);
    }

    private static (byte[] Encrypted, byte[] Kcv) Encrypted(PlanContext context, byte[] key)
    {
        try
        {
            return (context.Channel.Host.EncryptSensitive(key), DesMac.KeyCheckValue(key));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Mode 3 (requirement 5.8.4.6.3): in the SD's channel, INSTALL [for personalization] of the application, then
    /// STORE DATA blocks the SD decrypts and forwards: the provider's DGIs in the template's order, sensitive ones
    /// re-encrypted from its KEK to the session DEK, each flagged "encrypted value fields" (GP 2.2.1 Table 11-81).
    /// </summary>
    private static void PersonalizeThroughDomain(PlanContext context)
    {
        context.Wrapped(InstallCommand.ForPersonalization(Aid.Parse(context.Application!.Aid)).ToApdu(), CommandIntent.InstallForPersonalization, context.Application.Aid);
        var blocks = PersonalizationDgis(context);
        for (var i = 0; i < blocks.Count; i++)
        {
            var (dgi, sensitive) = blocks[i];
            context.Wrapped(new StoreDataCommand((byte)i, i == blocks.Count - 1, dgi.ToArray(), StoreDataStructure.Dgi,
                sensitive ? StoreDataEncryption.Encrypted : StoreDataEncryption.None).ToApdu(), CommandIntent.StoreData, sensitive: true);
        }
    }

    /// <summary>
    /// Mode 2 (requirement 5.8.4.6.2): the application selected, its SD's channel opened through it (the GP
    /// SecureChannel API), then each DGI in the template's command, wrapped by the channel (C-MAC, and C-DEC at level
    /// 03), sensitive values re-encrypted from the provider's KEK to the session DEK.
    /// </summary>
    private static void PersonalizeApplication(PlanContext context)
    {
        var header = Hex.Parse(context.Application!.Personalization?.Mode2Header ?? "80E20000");
        var blocks = PersonalizationDgis(context);
        for (var i = 0; i < blocks.Count; i++)
        {
            var (dgi, sensitive) = blocks[i];
            var p1 = (byte)(header[2] | (i == blocks.Count - 1 ? StoreDataCommand.LastBlockBit : 0) | (sensitive ? 0x60 : 0x00) | 0x08);
            context.Wrapped(new CommandApdu(header[0], header[1], p1, (byte)i, dgi.ToArray()), CommandIntent.PersonalizationCommand, sensitive: true);
        }
    }

    /// <summary>The provider's DGIs (decrypted from its TK) in the template's order; sensitive values translated KEK → session DEK.</summary>
    private static List<(Dgi Dgi, bool Sensitive)> PersonalizationDgis(PlanContext context)
    {
        var template = context.Application!.Personalization ?? throw new KeyServiceException("The application has no personalization template.");
        var plain = context.KeyService.DecryptUnderTransportKey(context.KeyOwner, Hex.Parse(context.Spec.Personalization?.Data ?? ""));
        try
        {
            var given = Dgi.ParseAll(plain).ToDictionary(d => d.Tag);
            var result = new List<(Dgi, bool)>();
            foreach (var field in template.Fields)
            {
                var tag = ushort.Parse(field.Dgi, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (!given.TryGetValue(tag, out var dgi))
                    continue;
                result.Add(field.Sensitive
                    ? (new Dgi(tag, context.KeyService.TranslateKekToDek(context.KeyOwner, dgi.Value.Span, context.Channel.Host)), true)
                    : (dgi, false));
            }
            return result;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
