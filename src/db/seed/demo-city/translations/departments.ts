/**
 * Vietnamese, Traditional Chinese and Russian names and descriptions of the demo city's departments
 * and agencies ([vi, zh-Hant, ru]), keyed by department id. English and Spanish live in departments.ts.
 */
import type { EntryTranslations } from '../helpers.ts';

export const departmentTranslations: Record<string, EntryTranslations> = {
  bds: {
    name: ['Sở Dịch vụ Phát triển', '開發服務局', 'Бюро по вопросам застройки'],
    description: [
      'Giấy phép xây dựng và giấy phép ngành nghề, xét duyệt sử dụng đất, kiểm tra và thực thi quy định đối với tài sản tư nhân, bao gồm việc bảo trì nhà cho thuê.',
      '建築與技術工程許可、土地使用審查、檢查，以及私人物業的法規執行，包括出租住房的維護。',
      'Разрешения на строительство и специальные работы, проверка землепользования, инспекции и контроль за соблюдением норм на частной собственности, включая содержание арендного жилья.',
    ],
  },
  boec: {
    name: ['Sở Liên lạc Khẩn cấp', '緊急通訊局', 'Бюро экстренной связи'],
    description: [
      'Trả lời cuộc gọi và tin nhắn 9-1-1 cùng đường dây cảnh sát không khẩn cấp cho toàn Quận Multnomah, và điều động cảnh sát, cứu hỏa và cấp cứu y tế.',
      '負責接聽整個摩特諾瑪郡的 9-1-1（語音與簡訊）及警察非緊急專線，並派遣警察、消防與醫療救護人員。',
      'Принимает звонки и сообщения на 9-1-1 и на неэкстренную линию полиции для всего округа Малтнома и направляет полицию, пожарных и медиков.',
    ],
  },
  bhr: {
    name: ['Sở Nhân sự', '人力資源局', 'Бюро кадров'],
    description: ['Việc làm tại Thành phố, tuyển dụng và nhân sự.', '市政府職缺、招募與就業。', 'Работа в городских службах, набор персонала и трудоустройство.'],
  },
  bps: {
    name: ['Sở Quy hoạch và Phát triển Bền vững', '規劃與永續發展局', 'Бюро планирования и устойчивого развития'],
    description: [
      'Quy hoạch dài hạn và bản đồ phân vùng; giám sát các công ty tư nhân thu gom rác, đồ tái chế và phân trộn.',
      '長期規劃與分區地圖；監督收集垃圾、資源回收物與堆肥的民營清運業者。',
      'Долгосрочное планирование и карты зонирования; надзор за частными компаниями, вывозящими мусор, вторсырьё и компост.',
    ],
  },
  bts: {
    name: ['Sở Dịch vụ Công nghệ', '科技服務局', 'Бюро технологических услуг'],
    description: ['Dịch vụ công nghệ, điện thoại và mạng của Thành phố.', '市政府的資訊科技、電話與網路服務。', 'Технологии, телефонная связь и сети городских служб.'],
  },
  cbo: {
    name: ['Văn phòng Ngân sách Thành phố', '市預算辦公室', 'Бюджетное управление города'],
    description: ['Quy trình lập ngân sách Thành phố và việc người dân góp ý về ngân sách.', '市政府預算編列流程及相關的公眾意見陳述。', 'Подготовка городского бюджета и публичные выступления по нему.'],
  },
  hearings: {
    name: ['Văn phòng Điều trần', '聽證辦公室', 'Управление по слушаниям'],
    description: [
      'Xét xử khiếu nại đối với các quyết định của Thành phố, bao gồm sử dụng đất, hóa đơn, kéo xe và lệnh cấm vào cơ sở.',
      '審理對市政府決定的上訴，包括土地使用、帳單、拖吊及禁止進入設施等案件。',
      'Рассматривает обжалования решений города, в том числе по землепользованию, счетам, эвакуации автомобилей и запретам на посещение объектов.',
    ],
  },
  mayor: {
    name: ['Văn phòng Thị trưởng Wheeler', '惠勒市長辦公室', 'Офис мэра Уилера'],
    description: [
      'Có tên trong danh sách đối tác 311 vào tháng 11 năm 2020. Từ tháng 1 năm 2025, Thị trưởng lãnh đạo cơ quan hành pháp của Thành phố và không còn là thành viên Hội đồng Thành phố.',
      '於 2020 年 11 月列為 311 合作夥伴。自 2025 年 1 月起，市長領導市政府行政部門，不再擔任市議會成員。',
      'Указан как партнёр службы 311 в ноябре 2020 года. С января 2025 года мэр возглавляет исполнительную власть города и больше не входит в городской совет.',
    ],
  },
  'commissioner-eudaly': {
    name: ['Văn phòng Ủy viên Eudaly', '尤達利委員辦公室', 'Офис члена совета Юдали'],
    description: [
      'Một văn phòng của Hội đồng Thành phố, có tên trong danh sách đối tác 311 vào tháng 11 năm 2020. Hình thức chính quyền ủy viên của Portland đã chấm dứt vào tháng 1 năm 2025.',
      '市議會辦公室之一，於 2020 年 11 月列為 311 合作夥伴。波特蘭的委員制政府已於 2025 年 1 月結束。',
      'Офис городского совета, указанный как партнёр службы 311 в ноябре 2020 года. Комиссионная форма правления в Портленде упразднена в январе 2025 года.',
    ],
  },
  'commissioner-hardesty': {
    name: ['Văn phòng Ủy viên Hardesty', '哈德斯蒂委員辦公室', 'Офис члена совета Хардести'],
    description: [
      'Một văn phòng của Hội đồng Thành phố, có tên trong danh sách đối tác 311 vào tháng 11 năm 2020. Hình thức chính quyền ủy viên của Portland đã chấm dứt vào tháng 1 năm 2025.',
      '市議會辦公室之一，於 2020 年 11 月列為 311 合作夥伴。波特蘭的委員制政府已於 2025 年 1 月結束。',
      'Офис городского совета, указанный как партнёр службы 311 в ноябре 2020 года. Комиссионная форма правления в Портленде упразднена в январе 2025 года.',
    ],
  },
  'commissioner-ryan': {
    name: ['Văn phòng Ủy viên Ryan', '萊恩委員辦公室', 'Офис члена совета Райана'],
    description: [
      'Một văn phòng của Hội đồng Thành phố, có tên trong danh sách đối tác 311 vào tháng 11 năm 2020. Hình thức chính quyền ủy viên của Portland đã chấm dứt vào tháng 1 năm 2025.',
      '市議會辦公室之一，於 2020 年 11 月列為 311 合作夥伴。波特蘭的委員制政府已於 2025 年 1 月結束。',
      'Офис городского совета, указанный как партнёр службы 311 в ноябре 2020 года. Комиссионная форма правления в Портленде упразднена в январе 2025 года.',
    ],
  },
  'civic-life': {
    name: ['Văn phòng Cộng đồng và Đời sống Dân sự', '社區與公民生活辦公室', 'Управление по делам сообществ и гражданской жизни'],
    description: [
      'Các hội và liên minh khu phố, cùng các dịch vụ về chất lượng sống ở khu phố: kiểm soát tiếng ồn, xóa vẽ bậy, cấp phép cần sa và rượu, phòng chống tội phạm.',
      '社區協會與聯盟，以及社區生活品質服務：噪音管制、塗鴉清除、大麻與酒類執照、犯罪預防。',
      'Соседские ассоциации и коалиции, а также службы качества жизни в районах: контроль шума, удаление граффити, лицензирование каннабиса и алкоголя, профилактика преступности.',
    ],
  },
  oehr: {
    name: ['Văn phòng Công bằng và Nhân quyền', '平等與人權辦公室', 'Управление по вопросам равенства и прав человека'],
    description: [
      'Các yêu cầu và khiếu nại theo Điều II của Đạo luật ADA và Điều VI về Dân quyền, hỗ trợ ngôn ngữ và điều chỉnh hợp lý. Người dân liên hệ qua 311 (503-823-4000).',
      '處理《美國身心障礙者法》第二章及《民權法》第六章的申請與投訴、語言協助與合理便利。居民可透過 311（503-823-4000）聯絡。',
      'Запросы и жалобы по разделу II закона ADA и разделу VI закона о гражданских правах, языковая помощь и разумные приспособления. Жители обращаются через 311 (503-823-4000).',
    ],
  },
  omf: {
    name: ['Văn phòng Quản lý và Tài chính', '管理與財務辦公室', 'Управление администрирования и финансов'],
    description: [
      'Tài chính, cơ sở vật chất, quản lý rủi ro và mua sắm của Thành phố; nơi đặt Chương trình Giảm thiểu Tác động, chuyên xử lý các báo cáo về nơi cắm trại và đổ rác.',
      '負責市政府財務、設施、風險管理與採購；亦為「影響減緩計畫」所屬單位，負責回應露宿點與傾倒垃圾的通報。',
      'Финансы, здания, управление рисками и закупки города; здесь работает Программа снижения воздействия, которая реагирует на сообщения о палаточных лагерях и свалках.',
    ],
  },
  pbot: {
    name: ['Sở Giao thông Portland', '波特蘭交通局', 'Транспортное бюро Портленда'],
    description: [
      'Đường phố, vỉa hè, đèn đường, đèn giao thông và biển báo, đỗ xe và thực thi quy định đỗ xe, giấy phép sử dụng đường. Bộ phận điều phối bảo trì nhận báo cáo về mối nguy trên đường và sự cố tràn cống 24/7 theo số 503-823-1700.',
      '街道、人行道、路燈、號誌與標誌、停車及停車執法、道路使用許可。維修調度中心全天候受理道路危險與污水溢流通報：503-823-1700。',
      'Улицы, тротуары, уличное освещение, светофоры и знаки, парковка и контроль за ней, разрешения на использование улиц. Диспетчерская службы содержания круглосуточно принимает сообщения об опасностях на дорогах и выбросах канализации: 503-823-1700.',
    ],
  },
  phb: {
    name: ['Sở Gia cư Portland', '波特蘭住房局', 'Жилищное бюро Портленда'],
    description: [
      'Nhà ở giá phải chăng, dịch vụ cho người thuê nhà (Văn phòng Dịch vụ Thuê nhà) và nhà ở công bằng.',
      '可負擔住房、租戶服務（租賃服務辦公室）與公平住房。',
      'Доступное жильё, услуги для арендаторов (Управление по вопросам аренды) и равный доступ к жилью.',
    ],
  },
  pfr: {
    name: ['Sở Cứu hỏa và Cứu nạn Portland', '波特蘭消防救援局', 'Пожарно-спасательная служба Портленда'],
    description: [
      'Ứng phó hỏa hoạn và cấp cứu y tế (qua 9-1-1), kiểm tra quy chuẩn phòng cháy và phòng ngừa hỏa hoạn.',
      '火災與醫療緊急應變（透過 9-1-1）、消防法規檢查與火災預防。',
      'Реагирование на пожары и экстренные медицинские вызовы (через 9-1-1), проверки пожарной безопасности и профилактика пожаров.',
    ],
  },
  ppr: {
    name: ['Sở Công viên và Giải trí Portland', '波特蘭公園與休閒局', 'Управление парков и отдыха Портленда'],
    description: [
      'Công viên, trung tâm cộng đồng, hồ bơi, lớp học giải trí, kiểm lâm công viên, giấy phép sử dụng công viên và chương trình đỗ xe tại Công viên Washington.',
      '公園、社區中心、游泳池、休閒課程、公園巡查員、公園使用許可及華盛頓公園停車計畫。',
      'Парки, общественные центры, бассейны, кружки и занятия, парковые рейнджеры, разрешения на использование парков и программа парковки в Вашингтон-парке.',
    ],
  },
  pwb: {
    name: ['Sở Cấp nước Portland', '波特蘭水務局', 'Водное бюро Портленда'],
    description: [
      'Nước uống, đường ống nước chính, trụ cứu hỏa và chất lượng nước; hóa đơn chung cho nước, cống và nước mưa cùng hỗ trợ tài chính.',
      '飲用水、自來水幹管、消防栓與水質；供水、污水與雨水合併帳單及財務協助。',
      'Питьевая вода, водопроводные магистрали, пожарные гидранты и качество воды; единый счёт за воду, канализацию и ливневые стоки и финансовая помощь.',
    ],
  },
  prosper: {
    name: ['Prosper Portland', 'Prosper Portland（波特蘭經濟發展局）', 'Prosper Portland'],
    description: [
      'Cơ quan phát triển kinh tế của Thành phố: chương trình hỗ trợ doanh nghiệp, khoản vay và tài trợ.',
      '市政府的經濟發展機構：企業協助計畫、貸款與補助。',
      'Агентство экономического развития города: программы поддержки бизнеса, займы и гранты.',
    ],
  },
  pdx311: {
    name: ['Chương trình Dịch vụ Khách hàng 311', '311 客戶服務計畫', 'Служба поддержки жителей 311'],
    description: [
      'Cửa ngõ dẫn đến thông tin và dịch vụ của Thành phố và Quận: qua điện thoại số 3-1-1 hoặc 503-823-4000, trực tuyến, và trực tiếp tại Quầy Dịch vụ Khách hàng Tòa nhà Portland (1120 SW 5th Avenue). Thuộc Văn phòng Quản lý và Tài chính.',
      '取得市政府與郡政府資訊及服務的單一窗口：撥打 3-1-1 或 503-823-4000、上網，或親臨波特蘭大樓客戶服務台（1120 SW 5th Avenue）。隸屬管理與財務辦公室。',
      'Единая точка доступа к информации и услугам города и округа: по телефону 3-1-1 или 503-823-4000, онлайн и лично в пункте обслуживания в здании Portland Building (1120 SW 5th Avenue). Входит в Управление администрирования и финансов.',
    ],
  },
  bes: {
    name: ['Sở Dịch vụ Môi trường', '環境服務局', 'Бюро экологических служб'],
    description: [
      'Hệ thống cống, nước mưa và việc bảo vệ sông suối của Portland, bao gồm các sự cố tràn chất ô nhiễm.',
      '污水下水道、雨水，以及保護波特蘭的河川溪流，包括污染外洩事件。',
      'Канализация, ливневые стоки и защита рек и ручьёв Портленда, в том числе от разливов загрязняющих веществ.',
    ],
  },
  ppb: {
    name: ['Sở Cảnh sát Portland', '波特蘭警察局', 'Полицейское управление Портленда'],
    description: [
      'Dịch vụ cảnh sát, trình báo tội phạm trực tuyến và bản sao biên bản cảnh sát. Khẩn cấp: 9-1-1; không khẩn cấp: 503-823-3333.',
      '警察服務、線上犯罪報案及警方報告副本。緊急狀況：9-1-1；非緊急：503-823-3333。',
      'Полицейские услуги, онлайн-заявления о преступлениях и копии полицейских протоколов. Экстренные случаи: 9-1-1; неэкстренные: 503-823-3333.',
    ],
  },
  ipr: {
    name: ['Cơ quan Giám sát Cảnh sát Độc lập (Kiểm toán viên Thành phố)', '獨立警務審查處（市審計長）', 'Независимый контроль за полицией (городской аудитор)'],
    description: [
      'Tiếp nhận khiếu nại và lời khen về các cảnh sát viên Portland, độc lập với Sở Cảnh sát.',
      '受理對波特蘭警員的投訴與表揚，獨立於警察局之外運作。',
      'Принимает жалобы и благодарности в отношении полицейских Портленда независимо от Полицейского управления.',
    ],
  },
  revenue: {
    name: ['Phòng Thuế vụ', '稅收處', 'Налоговый отдел'],
    description: [
      'Thuộc Văn phòng Quản lý và Tài chính: Thuế Giấy phép Kinh doanh Portland, Thuế Thu nhập Doanh nghiệp Quận Multnomah và Thuế Nghệ thuật.',
      '隸屬管理與財務辦公室：波特蘭營業執照稅、摩特諾瑪郡營業所得稅及藝術稅。',
      'Входит в Управление администрирования и финансов: налог на лицензию на ведение бизнеса в Портленде, налог на доход бизнеса округа Малтнома и налог на искусство.',
    ],
  },
  'urban-forestry': {
    name: ['Lâm nghiệp Đô thị (Sở Công viên và Giải trí Portland)', '都市林業處（波特蘭公園與休閒局）', 'Городское лесное хозяйство (Управление парков и отдыха Портленда)'],
    description: [
      'Cây trên đường phố và trong công viên: mối nguy, cây và cành bị đổ, giấy phép về cây. Trường hợp khẩn cấp về cây: 503-823-TREE (8733).',
      '街道與公園樹木：危險樹木、倒塌的樹木與樹枝、樹木許可。樹木緊急狀況：503-823-TREE（8733）。',
      'Деревья на улицах и в парках: опасные деревья, упавшие деревья и ветви, разрешения на работы с деревьями. Экстренные случаи с деревьями: 503-823-TREE (8733).',
    ],
  },
  'urban-forestry-west': {
    name: ['Lâm nghiệp Đô thị – Đội Cây xanh phía Tây', '都市林業處－西區樹木工作隊', 'Городское лесное хозяйство – бригада западной части'],
    description: [
      'Đơn vị làm việc mẫu: các chuyên viên chăm sóc cây của Lâm nghiệp Đô thị cho Khu 4, phía tây sông Willamette, nơi có sườn dốc nhiều cây và cây lá kim lớn cần đội chuyên trách.',
      '示範工作單位：負責第 4 選區（威拉米特河以西）的都市林業樹藝師，當地陡峭的林木坡地與大型針葉樹需要專業工作隊處理。',
      'Демонстрационное подразделение: арбористы городского лесного хозяйства для округа 4 к западу от реки Уилламетт, где крутые лесистые склоны и крупные хвойные деревья требуют специальной бригады.',
    ],
  },
  'city-council': {
    name: ['Hội đồng Thành phố Portland', '波特蘭市議會', 'Городской совет Портленда'],
    description: [
      'Mười hai ủy viên hội đồng, mỗi khu trong bốn khu địa lý bầu ra ba người kể từ tháng 1 năm 2025. Chương trình nghị sự và ý kiến đóng góp thông qua Thư ký Hội đồng.',
      '自 2025 年 1 月起共有十二位市議員，由四個地理選區各選出三位。議程與公眾意見陳述由議會書記處辦理。',
      'Двенадцать членов совета, по три от каждого из четырёх округов, избираются с января 2025 года. Повестки и выступления — через секретаря совета.',
    ],
  },
  'council-district-1': {
    name: ['Hội đồng Thành phố – Văn phòng Khu 1', '市議會－第 1 選區辦公室', 'Городской совет – офисы округа 1'],
    description: ['Văn phòng của ba ủy viên hội đồng được bầu từ Khu 1.', '由第 1 選區選出的三位市議員的辦公室。', 'Офисы трёх членов совета, избранных от округа 1.'],
  },
  'council-district-2': {
    name: ['Hội đồng Thành phố – Văn phòng Khu 2', '市議會－第 2 選區辦公室', 'Городской совет – офисы округа 2'],
    description: ['Văn phòng của ba ủy viên hội đồng được bầu từ Khu 2.', '由第 2 選區選出的三位市議員的辦公室。', 'Офисы трёх членов совета, избранных от округа 2.'],
  },
  'council-district-3': {
    name: ['Hội đồng Thành phố – Văn phòng Khu 3', '市議會－第 3 選區辦公室', 'Городской совет – офисы округа 3'],
    description: ['Văn phòng của ba ủy viên hội đồng được bầu từ Khu 3.', '由第 3 選區選出的三位市議員的辦公室。', 'Офисы трёх членов совета, избранных от округа 3.'],
  },
  'council-district-4': {
    name: ['Hội đồng Thành phố – Văn phòng Khu 4', '市議會－第 4 選區辦公室', 'Городской совет – офисы округа 4'],
    description: ['Văn phòng của ba ủy viên hội đồng được bầu từ Khu 4.', '由第 4 選區選出的三位市議員的辦公室。', 'Офисы трёх членов совета, избранных от округа 4.'],
  },
  'emergency-911': {
    name: ['9-1-1 Khẩn cấp', '9-1-1 緊急服務', 'Экстренная служба 9-1-1'],
    description: [
      'Trường hợp khẩn cấp về cảnh sát, cứu hỏa và y tế: tình trạng đe dọa tính mạng hoặc tội phạm đang xảy ra. Sở Liên lạc Khẩn cấp trả lời 24/7 cho toàn Quận Multnomah; hãy gọi hoặc nhắn tin.',
      '警察、消防與醫療緊急狀況：危及生命的緊急情況或正在發生的犯罪。由緊急通訊局為整個摩特諾瑪郡全天候接聽；可撥打電話或傳送簡訊。',
      'Экстренные вызовы полиции, пожарных и скорой помощи: угроза жизни или преступление, совершаемое прямо сейчас. Бюро экстренной связи отвечает круглосуточно для всего округа Малтнома; можно позвонить или отправить сообщение.',
    ],
  },
  '211info': {
    name: ['211info', '211info', '211info'],
    description: [
      'Thông tin và kết nối với các dịch vụ y tế và xã hội trong cộng đồng: nơi tạm trú, thực phẩm, hỗ trợ tiền thuê nhà và tiện ích. Gọi 2-1-1 hoặc 866-698-6155.',
      '提供社區健康與社會服務的資訊與轉介：收容所、食物、房租與水電費補助。請撥 2-1-1 或 866-698-6155。',
      'Информация и связь с медицинскими и социальными службами: приюты, продукты питания, помощь с арендой и коммунальными платежами. Звоните 2-1-1 или 866-698-6155.',
    ],
  },
  trimet: {
    name: ['TriMet', 'TriMet（三郡大都會交通局）', 'TriMet'],
    description: [
      'Cơ quan vận tải công cộng khu vực: xe buýt, tàu điện nhẹ MAX, WES, dịch vụ đưa đón LIFT cho người khuyết tật, trạm xe buýt và mái che.',
      '區域大眾運輸機構：公車、MAX 輕軌、WES 通勤鐵路、LIFT 輔助客運、公車站與候車亭。',
      'Региональное транспортное агентство: автобусы, лёгкое метро MAX, пригородные поезда WES, служба перевозки LIFT для людей с ограниченными возможностями, остановки и навесы.',
    ],
  },
  odot: {
    name: ['Sở Giao thông Vận tải Oregon', '俄勒岡州交通部', 'Министерство транспорта Орегона'],
    description: [
      'Các xa lộ tiểu bang tại Portland, bao gồm I-5, I-84, I-205, I-405, US 26 và US 30, cùng các lối lên xuống và nút giao. Tình trạng đường sá: TripCheck (511).',
      '波特蘭境內的州際與州道公路，包括 I-5、I-84、I-205、I-405、US 26 及 US 30，以及其匝道與交流道。路況資訊：TripCheck（511）。',
      'Автомагистрали штата в Портленде, в том числе I-5, I-84, I-205, I-405, US 26 и US 30, с их съездами и развязками. Состояние дорог: TripCheck (511).',
    ],
  },
  metro: {
    name: ['Metro', 'Metro（大都會區政府）', 'Metro'],
    description: [
      'Chính quyền khu vực: trạm trung chuyển rác, xử lý chất thải nguy hại và thông tin tái chế.',
      '區域政府：垃圾轉運站、有害廢棄物處理及資源回收資訊。',
      'Региональное правительство: мусороперегрузочные станции, утилизация опасных отходов и информация о переработке.',
    ],
  },
  pge: {
    name: ['Portland General Electric', 'Portland General Electric（波特蘭通用電力公司）', 'Portland General Electric'],
    description: ['Công ty điện lực phục vụ phần lớn Portland: mất điện và dây điện bị đứt.', '供應波特蘭大部分地區的電力公司：停電與電線掉落。', 'Электроэнергетическая компания большей части Портленда: отключения электричества и оборванные провода.'],
  },
  'port-of-portland': {
    name: ['Cảng vụ Portland', '波特蘭港務局', 'Портовое управление Портленда'],
    description: [
      'Điều hành Sân bay Quốc tế Portland (PDX), bao gồm chương trình về tiếng ồn máy bay.',
      '營運波特蘭國際機場（PDX），包括其航空器噪音計畫。',
      'Управляет Международным аэропортом Портленда (PDX), включая программу по авиационному шуму.',
    ],
  },
  'multnomah-circuit-court': {
    name: ['Tòa án Khu vực Quận Multnomah', '摩特諾瑪郡巡迴法院', 'Окружной суд округа Малтнома'],
    description: [
      'Một tòa án tiểu bang (Bộ Tư pháp Oregon): vé phạt đỗ xe và giao thông, dời lịch phiên tòa, luật gia đình.',
      '州法院（俄勒岡州司法部）：停車與交通罰單、案件改期、家事法。',
      'Суд штата (судебная система Орегона): штрафы за парковку и нарушения ПДД, перенос дел, семейное право.',
    ],
  },
  multco: {
    name: ['Quận Multnomah', '摩特諾瑪郡', 'Округ Малтнома'],
    description: [
      'Các chương trình và dịch vụ của Quận: bầu cử, định giá và thuế, dịch vụ cho người cao niên, người khuyết tật và cựu chiến binh, thư viện, y tế, dịch vụ động vật và các cây cầu bắc qua sông Willamette.',
      '郡政府計畫與服務：選舉、估價與稅務、長者、身心障礙者及退伍軍人服務、圖書館、衛生、動物服務，以及威拉米特河上的橋梁。',
      'Программы и услуги округа: выборы, оценка имущества и налоги, помощь пожилым людям, людям с инвалидностью и ветеранам, библиотеки, здравоохранение, служба по делам животных и мосты через реку Уилламетт.',
    ],
  },
  'multco-health': {
    name: ['Sở Y tế Quận Multnomah', '摩特諾瑪郡衛生局', 'Департамент здравоохранения округа Малтнома'],
    description: [
      'Y tế công cộng, phòng khám, sức khỏe hành vi và Trung tâm Tổng đài Sức khỏe Tâm thần (503-988-4888, 24/7), cùng việc kiểm soát chuột và muỗi.',
      '公共衛生、診所、行為健康及心理健康專線中心（503-988-4888，全天候），以及老鼠與蚊蟲等病媒防治。',
      'Общественное здравоохранение, клиники, психиатрическая помощь и круглосуточный центр психологической помощи (503-988-4888), а также борьба с крысами и комарами.',
    ],
  },
  'multco-animal-services': {
    name: ['Dịch vụ Động vật Quận Multnomah', '摩特諾瑪郡動物服務處', 'Служба по делам животных округа Малтнома'],
    description: [
      'Thú cưng bị lạc và được tìm thấy, động vật đi lạc và nguy hiểm, chó sủa, động vật cắn, giấy phép thú cưng và nhận nuôi, cho toàn Quận Multnomah. 503-988-PETS (7387).',
      '為整個摩特諾瑪郡處理走失與拾獲的寵物、流浪與危險動物、狗吠、動物咬傷、寵物登記與領養。503-988-PETS（7387）。',
      'Потерянные и найденные питомцы, бездомные и опасные животные, лай собак, укусы животных, регистрация питомцев и усыновление — для всего округа Малтнома. 503-988-PETS (7387).',
    ],
  },
  'multco-transportation': {
    name: ['Giao thông Quận Multnomah (Đường và Cầu)', '摩特諾瑪郡交通處（道路與橋梁）', 'Транспортный отдел округа Малтнома (дороги и мосты)'],
    description: [
      'Các cây cầu bắc qua sông Willamette của Quận tại Portland (Broadway, Burnside, Morrison, Hawthorne, Sellwood) và đường sá tại các khu vực chưa sáp nhập của Quận Multnomah.',
      '郡政府在波特蘭境內的威拉米特河橋梁（Broadway、Burnside、Morrison、Hawthorne、Sellwood），以及摩特諾瑪郡非建制地區的道路。',
      'Мосты округа через реку Уилламетт в Портленде (Бродвей, Бернсайд, Моррисон, Хоторн, Селлвуд) и дороги в неинкорпорированных районах округа Малтнома.',
    ],
  },
};
