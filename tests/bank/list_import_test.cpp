// Format names, import_list_file (bounded read, file errors), the fixture files of every
// format, and the empty-file rule.
#include <unistd.h>

#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "import_test_support.hpp"

namespace vigil::bank_import_test {
namespace {

namespace fs = std::filesystem;

const std::vector<ListFormat> kAllFormats = {ListFormat::lines,        ListFormat::signal_csv,
                                             ListFormat::mapped_csv,   ListFormat::mapped_json,
                                             ListFormat::ncmec_xml,    ListFormat::te_json,
                                             ListFormat::stopncii_json};

ImportOptions mapped_options() {
  ImportOptions options;
  options.mapping.value = "hash";
  options.mapping.fixed_type = "md5";
  return options;
}

TEST(ListFormatNames, RoundTrip) {
  const std::vector<std::string> names = {"lines",     "signal-csv", "mapped-csv",   "mapped-json",
                                          "ncmec-xml", "te-json",    "stopncii-json"};
  ASSERT_EQ(names.size(), kAllFormats.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(to_string(kAllFormats[i]), names[i]);
    EXPECT_EQ(list_format_from_string(names[i]), kAllFormats[i]);
  }
  EXPECT_FALSE(list_format_from_string("Lines").has_value());
  EXPECT_FALSE(list_format_from_string("signal_csv").has_value());
  EXPECT_FALSE(list_format_from_string("").has_value());
}

TEST(ListFormatNames, FeedFormats) {
  EXPECT_TRUE(is_feed_format(ListFormat::ncmec_xml));
  EXPECT_TRUE(is_feed_format(ListFormat::te_json));
  EXPECT_TRUE(is_feed_format(ListFormat::stopncii_json));
  EXPECT_FALSE(is_feed_format(ListFormat::lines));
  EXPECT_FALSE(is_feed_format(ListFormat::signal_csv));
  EXPECT_FALSE(is_feed_format(ListFormat::mapped_csv));
  EXPECT_FALSE(is_feed_format(ListFormat::mapped_json));
}

TEST(ParseList, AnEmptyFileIsAnEmptyBatchInEveryFormat) {
  for (const ListFormat format : kAllFormats) {
    for (const std::string text : {"", "\n", "  \r\n\t", "\xEF\xBB\xBF"}) {
      const ImportBatch batch = parse_ok(format, text, mapped_options());
      EXPECT_TRUE(batch.entries.empty()) << to_string(format);
      EXPECT_TRUE(batch.removals.empty()) << to_string(format);
    }
  }
}

TEST(ParseList, AnEmptyFileNameIsShownAsList) {
  Result<ImportBatch> batch = parse_list(ListFormat::lines, "md5 x", "", {});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().message().rfind("<list>: line 1: field 'value'", 0), 0u)
      << batch.status().message();
}

TEST(ParseList, FixturesOfEveryFormat) {
  const auto import = [](ListFormat format, std::string_view name, const ImportOptions& options) {
    Result<ImportBatch> batch = import_list_file(format, fixture(name), options);
    EXPECT_TRUE(batch.ok()) << name << ": " << batch.status().to_string();
    return batch.ok() ? std::move(batch).value() : ImportBatch{};
  };

  ImportBatch batch = import(ListFormat::lines, "signals.txt", {});
  ASSERT_EQ(batch.entries.size(), 4u);
  EXPECT_EQ(batch.entries[1].signal_type, "sha1");
  EXPECT_EQ(batch.entries[1].value, "00112233445566778899aabbccddeeff00112233");

  batch = import(ListFormat::signal_csv, "hma_signals.csv", {});
  ASSERT_EQ(batch.entries.size(), 3u);
  EXPECT_EQ(batch.entries[0].labels,
            (std::vector<std::string>{"tag-one", "tag-two", "collab:Test Collab"}));
  EXPECT_EQ(batch.entries[2].labels,
            (std::vector<std::string>{"x", "collab:Collab, with comma", "video"}));

  ImportOptions iwf;
  iwf.mapping.entry_id = "ImageID";
  iwf.mapping.type = "HashType";
  iwf.mapping.value = "HashValue";
  iwf.mapping.category = "Category";
  iwf.mapping.type_names = {{"PhotoDNA", "pdna"}};
  batch = import(ListFormat::mapped_csv, "iwf_style.csv", iwf);
  ASSERT_EQ(batch.entries.size(), 3u);
  EXPECT_EQ(batch.entries[2].signal_type, "pdna");
  EXPECT_EQ(batch.entries[2].value, "1,2,3,4,5,6,7,8");
  EXPECT_EQ(batch.entries[2].category, "C");

  ImportOptions json;
  json.mapping.entry_id = "id";
  json.mapping.type = "kind";
  json.mapping.value = "hash";
  json.mapping.category = "cat";
  json.mapping.labels = "tags";
  batch = import(ListFormat::mapped_json, "mapped_records.json", json);
  ASSERT_EQ(batch.entries.size(), 2u);
  EXPECT_EQ(batch.entries[0].entry_id, "17");
  EXPECT_EQ(batch.entries[1].category, "");
}

class ListFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device random;
    dir_ = fs::temp_directory_path() / ("vigil_bank_import_test_" + std::to_string(::getpid()) +
                                        "_" + std::to_string(random()));
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  fs::path write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream out(path, std::ios::binary);
    out << text;
    return path;
  }

  fs::path dir_;
};

TEST_F(ListFile, ErrorsNameThePath) {
  const fs::path path = write("list.txt", "md5 " + kMd5A + "\r\nmd5 " + kHex64 + "\r\n");
  Result<ImportBatch> batch = import_list_file(ListFormat::lines, path, {});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().code(), ErrorCode::malformed_list);
  EXPECT_EQ(batch.status().message(),
            path.string() +
                ": line 2: field 'value': md5 value must be 32 hex digits, got 64 characters");
}

TEST_F(ListFile, MissingFileIsNotFound) {
  Result<ImportBatch> batch = import_list_file(ListFormat::lines, dir_ / "absent.txt", {});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().code(), ErrorCode::not_found) << batch.status().to_string();
}

TEST_F(ListFile, DirectoryIsAnIoError) {
  Result<ImportBatch> batch = import_list_file(ListFormat::lines, dir_, {});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().code(), ErrorCode::io_error) << batch.status().to_string();
}

TEST_F(ListFile, EmptyPathIsAnInvalidArgument) {
  Result<ImportBatch> batch = import_list_file(ListFormat::lines, fs::path(), {});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().code(), ErrorCode::invalid_argument);
}

TEST_F(ListFile, EmptyFileIsAnEmptyBatch) {
  Result<ImportBatch> batch = import_list_file(ListFormat::signal_csv, write("e.csv", ""), {});
  ASSERT_TRUE(batch.ok()) << batch.status().to_string();
  EXPECT_TRUE(batch->entries.empty());
}

TEST_F(ListFile, OverTwoGibibytesIsRefusedBeforeReading) {
  const fs::path path = write("huge.txt", "");
  std::error_code error;
  fs::resize_file(path, kMaxListFileBytes + 1, error);  // sparse: nothing is written
  if (error) GTEST_SKIP() << "cannot make a sparse file here: " << error.message();
  Result<ImportBatch> batch = import_list_file(ListFormat::lines, path, {});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().code(), ErrorCode::too_large) << batch.status().to_string();
}

TEST_F(ListFile, UnreadableFileIsAnIoError) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads any file";
  const fs::path path = write("secret.txt", "md5 " + kMd5A);
  fs::permissions(path, fs::perms::none);
  Result<ImportBatch> batch = import_list_file(ListFormat::lines, path, {});
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.status().code(), ErrorCode::io_error) << batch.status().to_string();
}

}  // namespace
}  // namespace vigil::bank_import_test
