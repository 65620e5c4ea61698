/* SHA-256 against the FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf"). */
#include "check.h"
#include "sha256.h"

static void digest(const char *text, size_t repeat, char hex[65])
{
    bn_sha256 h;
    bn_sha256_init(&h);
    for (size_t i = 0; i < repeat; i++)
        bn_sha256_update(&h, text, strlen(text));
    bn_sha256_final_hex(&h, hex);
}

TEST(empty_message)
{
    char hex[65];
    digest("", 1, hex);
    CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(one_block)
{
    char hex[65];
    digest("abc", 1, hex);
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(two_blocks)
{
    char hex[65];
    digest("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1, hex);
    CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(million_a_in_pieces)
{
    char hex[65];
    digest("aaaaaaaaaa", 100000, hex);
    CHECK_STR(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

int main(void)
{
    RUN(empty_message);
    RUN(one_block);
    RUN(two_blocks);
    RUN(million_a_in_pieces);
    return DONE();
}
