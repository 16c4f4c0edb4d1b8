@secure-element @scp03
Feature: SCP03 on the secure element
  Requirements 5.8.9.1–5.8.9.3 with SCP03 (GP Card Specification v2.2 Amendment D, docs/secure-channels.md): a batch
  of SEs whose issuer security domain speaks SCP03 with AES keys. The platform's SCP03 host side opens sessions at
  every level SCP03 defines (01 C-MAC, 03 + C-DECRYPTION, 11 and 13 with R-MAC, 33 with R-ENCRYPTION), tells a card
  with other keys apart by its card cryptogram, and replaces the keys with AES-256 keys by PUT KEY.

  Background:
    Given a secure element of an SCP03 batch with key version 30

  Scenario Outline: The issuer security domain opens an SCP03 session at security level <level>
    When the platform opens an SCP03 secure channel with key version 30 at security level <level>
    Then the SCP03 security domain accepts EXTERNAL AUTHENTICATE with 9000
    And GET STATUS in the SCP03 session lists A0000003964D66344D0002

    Examples:
      | level |
      | 01    |
      | 03    |
      | 11    |
      | 13    |
      | 33    |

  Scenario: A card with other keys fails the card cryptogram
    When the platform tries an SCP03 secure channel with key version 30 and AES key 00112233445566778899AABBCCDDEEFF
    Then the platform refuses the card: its card cryptogram does not verify

  Scenario: The keys are replaced by AES-256 keys
    Given the platform has opened an SCP03 secure channel with key version 30 at security level 03
    When the platform replaces key version 30 by version 31 with the AES key 000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F
    Then the key information lists ids 01, 02 and 03 of version 31 as AES keys of 32 bytes
    When the platform opens an SCP03 secure channel with key version 31 and AES key 000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F at security level 33
    Then the SCP03 security domain accepts EXTERNAL AUTHENTICATE with 9000
    And GET STATUS in the SCP03 session lists A0000003964D66344D0002
